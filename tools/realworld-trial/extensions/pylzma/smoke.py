# Our own smoke test: one-shot and streaming LZMA compression, the compatibility decoder, filters, errors.
import gc
import io
import sys
import pylzma
data = b''.join(b'line %d of the trial\n' % i for i in range(3000))
c = pylzma.compress(data, dictionary=16, fastBytes=64)
assert len(c) < len(data) and pylzma.decompress(c) == data
stream = pylzma.compressfile(io.BytesIO(data)).read()
do = pylzma.decompressobj()
out = do.decompress(stream[:100]) + do.decompress(stream[100:]) + do.flush()
assert out == data
cf = pylzma.compressfile(io.BytesIO(data), eos=1)
assert pylzma.decompress(cf.read()) == data
assert pylzma.decompress_compat(stream) == data
dc = pylzma.decompressobj_compat()
if sys.version_info >= (3, 12):    # the original never readies this type: 3.9 finds no methods on it
    assert dc.decompress(stream[:500]) + dc.decompress(stream[500:]) == data
enc = pylzma.delta_encode(b'\x01\x02\x03\x04' * 8, 2)
assert pylzma.delta_decode(enc, 2) == b'\x01\x02\x03\x04' * 8
try:
    pylzma.decompress(b'no lzma stream here at all')
except (TypeError, ValueError):
    pass
else:
    raise AssertionError("no error")
del do, cf, dc
gc.collect()
