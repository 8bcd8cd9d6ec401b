# Our own smoke test: weak and strong candidates against Debian's dictionary, and the argument errors.
import gc
import _cracklib

DICT = '/var/cache/cracklib/cracklib_dict'
assert _cracklib.FascistCheck('Xq7#pLw2!vRt9', DICT) == 'Xq7#pLw2!vRt9'
for weak in ('abc', 'password', 'aaaaaaaa'):
    try:
        _cracklib.FascistCheck(weak, DICT)
    except ValueError as e:
        assert e.args and isinstance(e.args[0], str)
    else:
        raise AssertionError(weak)
try:
    _cracklib.FascistCheck('Xq7#pLw2!vRt9', 'relative/dict')
except ValueError:
    pass
else:
    raise AssertionError('a relative dictionary path is refused')
try:
    _cracklib.FascistCheck('Xq7#pLw2!vRt9', '/nonexistent/dict')
except OSError:
    pass
else:
    raise AssertionError('a missing dictionary is refused')
gc.collect()
