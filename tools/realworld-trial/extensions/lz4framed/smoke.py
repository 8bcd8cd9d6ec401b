# Our own smoke test: one-shot round trips, streaming contexts (capsules), frame info, the two exceptions.
import gc
import _lz4framed as z
data = b'hello lz4 frame ' * 4000
for kw in ({}, {'level': 9}, {'checksum': True, 'block_size_id': z.LZ4F_BLOCKSIZE_MAX64KB}):
    c = z.compress(data, **kw)
    assert len(c) < len(data)
    assert z.decompress(c) == data
assert isinstance(z.__version__, str) and isinstance(z.LZ4_VERSION, str)
cctx = z.create_compression_context()
parts = [z.compress_begin(cctx)]
for i in range(0, len(data), 5000):
    parts.append(z.compress_update(cctx, data[i:i + 5000]))
parts.append(z.compress_end(cctx))
frame = b''.join(parts)
dctx = z.create_decompression_context()
out = z.decompress_update(dctx, frame)
assert out[-1] == 0 and b''.join(out[:-1]) == data
try:
    z.decompress(b'not a frame at all')
except z.Lz4FramedError as e:
    assert e.args
else:
    raise AssertionError('bad frame accepted')
try:
    z.compress_update(dctx, b'x')
except (ValueError, TypeError):
    pass
else:
    raise AssertionError('wrong capsule accepted')
assert issubclass(z.Lz4FramedNoDataError, Exception)
del cctx, dctx
gc.collect()
