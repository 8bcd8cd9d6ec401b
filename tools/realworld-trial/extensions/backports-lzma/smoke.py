# Our own smoke test: compress and decompress through the package and the C types, errors, gc.
import gc
from backports import lzma
from backports.lzma import _lzma
data = b'isolation ' * 200
for fmt in (lzma.FORMAT_XZ, lzma.FORMAT_ALONE):
    blob = lzma.compress(data, format=fmt)
    assert lzma.decompress(blob) == data
c = _lzma.LZMACompressor(format=_lzma.FORMAT_RAW, filters=[{'id': _lzma.FILTER_LZMA2, 'preset': 1}])
raw = c.compress(data) + c.flush()
d = _lzma.LZMADecompressor(format=_lzma.FORMAT_RAW, filters=[{'id': _lzma.FILTER_LZMA2}])
assert d.decompress(raw) == data
assert _lzma.is_check_supported(_lzma.CHECK_CRC32)
props = _lzma._encode_filter_properties({'id': _lzma.FILTER_LZMA1, 'dict_size': 1 << 16})
assert _lzma._decode_filter_properties(_lzma.FILTER_LZMA1, props)['dict_size'] == 1 << 16
try:
    _lzma.LZMADecompressor().decompress(b'not xz data at all')
except _lzma.LZMAError:
    pass
else:
    raise AssertionError('LZMAError expected')
try:
    class Sub(_lzma.LZMADecompressor):  # not a base type, as in CPython's _lzma
        pass
except TypeError:
    pass
d = _lzma.LZMADecompressor()
del d, c
gc.collect()
