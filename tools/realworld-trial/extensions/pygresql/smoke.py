# Our own smoke test: the module functions that need no server, the settings, the casts, the
# exception tree and a connection that must fail.
import gc
from pg import _pg

assert _pg.escape_string("it's") == "it''s"
assert _pg.escape_bytea(b'\x00ab').endswith(b'000ab')  # no connection: the old escaping
assert _pg.unescape_bytea(b'\\x006162') == b'\x00ab'
assert _pg.unescape_bytea('\\x41') == b'A'
assert _pg.cast_array('{1,2,3}', int) == [1, 2, 3]
assert _pg.cast_array('{{a,b},{c,NULL}}') == [['a', 'b'], ['c', None]]
assert _pg.cast_record('(1,x,)', (int, str, str)) == (1, 'x', None)
assert _pg.cast_hstore('a=>1, "b c"=>NULL') == {'a': '1', 'b c': None}
try:
    _pg.cast_array('{1,2', int)
except ValueError:
    pass
else:
    raise AssertionError('unbalanced array accepted')

old = _pg.get_bool()
_pg.set_bool(not old)
assert _pg.get_bool() == (not old)
_pg.set_bool(old)
assert _pg.get_decimal_point() == '.'
_pg.set_decimal_point(',')
assert _pg.get_decimal_point() == ','
_pg.set_decimal_point('.')
import decimal
_pg.set_decimal(decimal.Decimal)
assert _pg.get_decimal() is decimal.Decimal
import json
_pg.set_jsondecode(json.loads)
assert _pg.get_jsondecode() is json.loads
assert _pg.get_datestyle() is None or isinstance(_pg.get_datestyle(), str)
assert _pg.get_pqlib_version() > 90000

assert issubclass(_pg.NoResultError, _pg.InvalidResultError)
assert issubclass(_pg.InvalidResultError, _pg.DataError)
assert issubclass(_pg.OperationalError, _pg.DatabaseError)
assert issubclass(_pg.DatabaseError, _pg.Error)
assert isinstance(_pg.version, str)
try:
    _pg.connect('nodb', '/nonexistent-socket-dir', 5999)
except _pg.InternalError as e:
    assert 'nonexistent' in str(e) or str(e)
else:
    raise AssertionError('connected to nothing')
gc.collect()
