# Our own smoke test: zlib and gzip containers that the standard library reads back, options, errors.
import gc
import gzip
import zlib
from zopfli import zopfli

data = b'the quick brown fox jumps over the lazy dog. ' * 200
z = zopfli.compress(data)
assert zlib.decompress(z) == data
assert len(z) < len(data) // 10
g = zopfli.compress(data, gzip_mode=1, numiterations=5)
assert gzip.decompress(g) == data
assert zlib.decompress(zopfli.compress(b'')) == b''
small = zopfli.compress(data, numiterations=1, blocksplitting=0)
assert zlib.decompress(small) == data
assert issubclass(zopfli.error, Exception)
try:
    zopfli.compress(12345)
except TypeError:
    pass
else:
    raise AssertionError('no TypeError')
gc.collect()
