# Our own smoke test: the exception hierarchy, a GSS client context (no KDC: its first step fails
# locally), a server principal lookup without a keytab, argument errors.
import gc
import kerberos as k
assert issubclass(k.GSSError, k.KrbError) and issubclass(k.BasicAuthError, k.KrbError)
assert issubclass(k.PwdChangeError, k.KrbError)
rc, ctx = k.authGSSClientInit("HTTP@localhost")
assert rc == k.AUTH_GSS_COMPLETE
try:
    k.authGSSClientStep(ctx, "")
except k.GSSError as e:
    assert e.args
assert k.authGSSClientResponse(ctx) is None
assert k.authGSSClientClean(ctx) == k.AUTH_GSS_COMPLETE
try:
    k.getServerPrincipalDetails("HTTP", "localhost")
except k.KrbError:
    pass
try:
    k.authGSSClientInit(12)
except TypeError:
    pass
else:
    raise AssertionError("no TypeError")
del ctx
gc.collect()
