# Our own smoke test: LZO1X at both levels, headerless buffers, optimize, checksums, the module's error.
import zlib
import lzo
data = b''.join(b'record %05d ' % i for i in range(4000))
for level in (1, 9):
    c = lzo.compress(data, level)
    assert len(c) < len(data) and lzo.decompress(c) == data
raw = lzo.compress(data, 1, False)
assert lzo.decompress(raw, False, len(data)) == data
assert lzo.decompress(lzo.optimize(lzo.compress(data)), True) == data
assert lzo.adler32(data) == zlib.adler32(data)
assert lzo.crc32(data) == zlib.crc32(data)
assert issubclass(lzo.error, Exception)
try:
    lzo.decompress(b'\xf0\x00\x00\x00\x10garbage garbage')
except lzo.error:
    pass
else:
    raise AssertionError("no lzo.error")
