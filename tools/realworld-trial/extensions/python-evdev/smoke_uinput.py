# Our own smoke test: opening uinput where there is none, the constant.
from evdev import _uinput
assert _uinput.maxnamelen > 0
try:
    _uinput.open('/nonexistent/uinput')
except (OSError, IOError):
    pass
else:
    raise AssertionError('OSError expected')
