# Our own smoke test: init, an empty device list (no backend configured), errors through the module's exception.
import os, tempfile
os.environ['SANE_CONFIG_DIR'] = tempfile.mkdtemp(prefix='sane-trial-')
import _sane
v = _sane.init()
assert isinstance(v, tuple) and len(v) >= 1
assert _sane.get_devices() == []
assert issubclass(_sane.error, Exception)
try:
    _sane._open('nonexistent:device')
except _sane.error:
    pass
else:
    raise AssertionError("no error")
assert _sane.TYPE_INT != _sane.TYPE_BOOL
_sane.exit()
