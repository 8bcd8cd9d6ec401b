# Our own smoke test: the ioctl wrappers on a descriptor that is no input device.
import os
from evdev import _input
r, w = os.pipe()
try:
    for name, args in (('ioctl_devinfo', (r,)), ('ioctl_EVIOCGVERSION', (r,)), ('ioctl_EVIOCGPROP', (r,))):
        try:
            getattr(_input, name)(*args)
        except (OSError, IOError, SystemError):
            pass  # ioctl_EVIOCGVERSION of 1.9.3 returns NULL without an exception on failure
    os.write(w, b'x' * 24)
    try:
        _input.device_read(r)
    except (OSError, IOError, ValueError):
        pass
finally:
    os.close(r)
    os.close(w)
try:
    _input.ioctl_devinfo('not an fd')
except TypeError:
    pass
else:
    raise AssertionError('TypeError expected')
