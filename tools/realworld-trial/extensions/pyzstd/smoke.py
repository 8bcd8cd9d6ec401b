# Our own smoke test: one-shot and streaming compression, decompressors, a dictionary, the error
# type, streams, and gc.
import gc
import io
from pyzstd import _zstd

data = b'isolated interpreters share nothing. ' * 500
c = _zstd.ZstdCompressor(5)
frame = c.compress(data) + c.flush()
assert c.last_mode == _zstd.ZstdCompressor.FLUSH_FRAME
assert len(frame) < len(data) // 10
assert _zstd.decompress(frame) == data
d = _zstd.ZstdDecompressor()
assert d.decompress(frame[:50]) + d.decompress(frame[50:]) == data
assert d.eof and d.unused_data == b''
e = _zstd.EndlessZstdDecompressor()
assert e.decompress(frame + frame) == data + data and e.at_frame_edge
rm = _zstd.RichMemZstdCompressor(3)
assert _zstd.decompress(rm.compress(data)) == data
assert _zstd.get_frame_size(frame) == len(frame)
zd = _zstd.ZstdDict(b'0123456789abcdef' * 16, is_raw=True)
assert zd.dict_content.startswith(b'0123')
cd = _zstd.ZstdCompressor(3, zd)
f2 = cd.compress(data, _zstd.ZstdCompressor.FLUSH_FRAME)
assert _zstd.decompress(f2, zd) == data
out = io.BytesIO()
_zstd.compress_stream(io.BytesIO(data), out, level_or_option=2)
back = io.BytesIO()
_zstd.decompress_stream(io.BytesIO(out.getvalue()), back)
assert back.getvalue() == data
try:
    _zstd.decompress(b'definitely not zstd data')
except _zstd.ZstdError as err:
    assert err.args
else:
    raise AssertionError('no ZstdError')
try:
    class Sub(_zstd.ZstdCompressor):
        pass
    assert _zstd.decompress(Sub().compress(b'x', _zstd.ZstdCompressor.FLUSH_FRAME)) == b'x'
except TypeError:
    pass  # not a base type
del c, d, e, rm, zd, cd
gc.collect()
