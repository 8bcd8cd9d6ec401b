# Our own smoke test: lookups, names, normalization, the 3.2.0 database object (an instance of the UCD type), errors.
import gc
import unicodedata2 as u
assert u.name('A') == 'LATIN CAPITAL LETTER A'
assert u.lookup('SNOWMAN') == '\u2603'
assert u.category('a') == 'Ll' and u.bidirectional('\u05d0') == 'R'
assert u.decimal('7') == 7 and u.numeric('\u00bd') == 0.5 and u.digit('3') == 3
assert u.normalize('NFC', 'e\u0301') == '\u00e9' and u.normalize('NFD', '\u00e9') == 'e\u0301'
assert u.east_asian_width('\u4e00') == 'W' and u.mirrored('(') == 1
assert u.decomposition('\u00e9') == '0065 0301'
assert isinstance(u.unidata_version, str)
old = u.ucd_3_2_0
assert old.unidata_version == '3.2.0'
assert old.category('\u0221') == 'Cn' and u.category('\u0221') == 'Ll'
assert type(old).__name__ == 'UCD'
try:
    u.lookup('NO SUCH CHARACTER NAME')
except KeyError:
    pass
else:
    raise AssertionError('lookup')
try:
    u.name('\uffff')
except ValueError:
    pass
else:
    raise AssertionError('name')
assert u.name('\uffff', None) is None
try:
    u.normalize('NFX', 'a')
except ValueError:
    pass
else:
    raise AssertionError('form')
gc.collect()
