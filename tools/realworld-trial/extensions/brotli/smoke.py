# Our own smoke test: one-shot and streaming round trips, the modes and parameters, the types
# being final, and the errors.
import gc
import _brotli as b

data = b'isolated interpreters ' * 300 + bytes(range(256))
for mode in (b.MODE_GENERIC, b.MODE_TEXT, b.MODE_FONT):
    c = b.Compressor(mode=mode, quality=5, lgwin=18)
    out = c.process(data[:1000]) + c.process(data[1000:]) + c.finish()
    assert b.decompress(out) == data
d = b.Decompressor()
c = b.Compressor()
stream = c.process(data) + c.flush() + c.finish()
got = d.process(stream[:10]) + d.process(stream[10:])
assert got == data
assert d.is_finished()
d2 = b.Decompressor()
assert d2.process(stream[:len(stream) // 2]) + d2.process(stream[len(stream) // 2:]) == data
try:
    class MyDecompressor(b.Decompressor):
        pass
except TypeError:
    pass
else:
    raise AssertionError('a final type was subclassed')
try:
    b.decompress(b'not brotli at all')
except b.error:
    pass
else:
    raise AssertionError('garbage accepted')
try:
    b.Compressor(quality=99)
except b.error:
    pass
else:
    raise AssertionError('quality 99 accepted')
assert issubclass(b.error, Exception)
assert isinstance(b.__version__, str)
gc.collect()
