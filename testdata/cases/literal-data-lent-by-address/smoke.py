import os
import framing

r, w = os.pipe()
try:
    assert framing.send_magic(w, framing.MAGIC) == 6
    assert os.read(r, 6) == b"\x89FRM\r\n"
finally:
    os.close(r)
    os.close(w)
try:
    framing.send_magic(w, framing.MAGIC)
except OSError:
    pass
else:
    raise AssertionError("a closed fd should raise OSError")
assert issubclass(framing.FrameError, Exception)
print("smoke ok")
