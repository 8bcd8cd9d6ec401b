# Our own smoke test: a context and its options, the exception hierarchy, a failing URL, gc.
import gc
import _smbc
ctx = _smbc.Context()
ctx.workgroup = 'TESTGROUP'
assert ctx.workgroup == 'TESTGROUP'
ctx.timeout = 1234
assert ctx.timeout == 1234
ctx.optionNoAutoAnonymousLogin = True
assert ctx.optionNoAutoAnonymousLogin
calls = []
ctx.functionAuthData = lambda *a: (calls.append(a) or ('WG', 'user', 'pw'))
assert issubclass(_smbc.NoEntryError, _smbc.SmbError) and issubclass(_smbc.SmbError, IOError)
assert issubclass(_smbc.PermissionError, _smbc.SmbError)
try:
    ctx.opendir('not a url')
except (_smbc.SmbError, ValueError, RuntimeError, OSError):
    pass
else:
    raise AssertionError('error expected')
try:
    _smbc.Context(debug='loud')
except TypeError:
    pass
try:
    class Sub(_smbc.Context):  # not a base type
        pass
except TypeError:
    pass
s = _smbc.Context()
s.functionAuthData = s.opendir  # a cycle through the callback
del s, ctx
gc.collect()
