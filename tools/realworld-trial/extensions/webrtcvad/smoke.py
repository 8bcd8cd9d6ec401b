# Our own smoke test: VAD handles (capsules), modes, silence and a tone, frame checks, errors.
import gc, math, struct
import _webrtcvad as w
assert w.valid_rate_and_frame_length(8000, 160)
assert not w.valid_rate_and_frame_length(8000, 161)
assert not w.valid_rate_and_frame_length(12345, 160)
vad = w.create()
w.init(vad)
w.set_mode(vad, 3)
silence = b'\x00\x00' * 160
assert w.process(vad, 8000, silence, 160) is False
tone = struct.pack('<160h', *[int(12000 * math.sin(2 * math.pi * 440 * i / 8000)) for i in range(160)])
r = w.process(vad, 8000, tone, 160)
assert r in (True, False)
try:
    w.set_mode(vad, 4)
except ValueError:
    pass
else:
    raise AssertionError('mode 4 accepted')
assert issubclass(w.Error, Exception)
try:
    w.process(vad, 8000, silence, 161)
except Exception as e:
    assert e.args
else:
    raise AssertionError('bad frame length accepted')
vads = [w.create() for _ in range(20)]
for v in vads:
    w.init(v)
del vads, vad
gc.collect()
