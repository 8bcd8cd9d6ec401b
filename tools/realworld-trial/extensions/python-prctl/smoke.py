# Our own smoke test: prctl getters and a setter on the calling thread, capability names and sets, argument errors.
import _prctl
name = _prctl.prctl(_prctl.PR_GET_NAME)
assert isinstance(name, str)
_prctl.prctl(_prctl.PR_SET_NAME, 'trial-thread')
assert _prctl.prctl(_prctl.PR_GET_NAME) == 'trial-thread'
_prctl.prctl(_prctl.PR_SET_NAME, name)
d = _prctl.prctl(_prctl.PR_GET_DUMPABLE)
assert d in (0, 1, 2)
_prctl.prctl(_prctl.PR_SET_DUMPABLE, d)
assert _prctl.prctl(_prctl.PR_GET_DUMPABLE) == d
if hasattr(_prctl, 'cap_to_name'):   # only where libcap's header defines cap_to_name
    assert _prctl.cap_to_name(0) == 'chown'
caps = _prctl.get_caps([0, 1], [0], [])
assert isinstance(caps, dict) and set(caps) == {0, 1, 2} and set(caps[0]) == {0, 1} and caps[2] == {}
for bad in ((-12345,), (_prctl.PR_SET_NAME, 1.5)):
    try:
        _prctl.prctl(*bad)
    except (ValueError, TypeError):
        pass
    else:
        raise AssertionError('no error for %r' % (bad,))
try:
    _prctl.get_caps(5)
except TypeError:
    pass
else:
    raise AssertionError('no error')
