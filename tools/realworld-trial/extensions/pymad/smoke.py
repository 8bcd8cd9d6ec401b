# Our own smoke test: a MadFile over an in-memory stream with no frames, the constants, the errors.
import gc
import io
import mad

assert mad.LAYER_III == 3 and mad.LAYER_I == 1
assert len({mad.MODE_SINGLE_CHANNEL, mad.MODE_DUAL_CHANNEL, mad.MODE_JOINT_STEREO, mad.MODE_STEREO}) == 4
assert isinstance(mad.__version__, str)
mf = mad.MadFile(io.BytesIO(b'\0' * 9000))
assert mf.read() is None
assert isinstance(mf.total_time(), int)
assert isinstance(mf.current_time(), int)
assert type(mf).__name__ == 'MadFile'
del mf
try:
    mad.MadFile(42)
except (IOError, TypeError) as e:
    assert e.args
else:
    raise AssertionError('an int has no read method')
gc.collect()
