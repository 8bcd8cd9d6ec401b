# Our own smoke test: the three container formats round trip, checksums agree with zlib, and the errors.
import gc
import zlib
from deflate import _deflate as d

data = b'isolation ' * 500 + bytes(range(256))
for level in (1, 6, 12):
    gz = d.gzip_compress(data, level)
    assert bytes(d.gzip_decompress(gz)) == data
    raw = d.deflate_compress(data, level)
    assert bytes(d.deflate_decompress(raw, len(data))) == data
    zl = d.zlib_compress(data, level)
    assert zlib.decompress(bytes(zl)) == data
    assert bytes(d.zlib_decompress(zl, len(data))) == data
assert d.crc32(data) == zlib.crc32(data)
assert d.adler32(data) == zlib.adler32(data)
assert d.crc32(b'b', d.crc32(b'a')) == zlib.crc32(b'ab')
assert issubclass(d.DeflateError, Exception)
try:
    d.deflate_decompress(b'\xff\xff\xff\xff', 10)
except d.DeflateError as e:
    assert e.args
else:
    raise AssertionError('bad stream accepted')
try:
    d.gzip_compress('text')
except TypeError:
    pass
else:
    raise AssertionError('str accepted')
assert isinstance(d.__version__, str)
gc.collect()
