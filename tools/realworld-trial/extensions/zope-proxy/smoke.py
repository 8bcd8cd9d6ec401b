# Our own smoke test: the proxy base type, the module functions, subclassing, the C API capsule.
import gc, operator
from zope.proxy import _zope_proxy_proxy as P
class Thing:
    x = 1
    def hello(self):
        return 'hi'
t = Thing()
p = P.ProxyBase(t)
assert p.x == 1 and p.hello() == 'hi'
assert P.isProxy(p) and not P.isProxy(t)
assert P.getProxiedObject(p) is t
assert P.sameProxiedObjects(p, t)
assert P.removeAllProxies(P.ProxyBase(p)) is t
n = P.ProxyBase(7)
assert n + 1 == 8 and operator.mul(n, 3) == 21 and int(n) == 7 and n == 7
l = P.ProxyBase([1, 2, 3])
assert len(l) == 3 and l[1] == 2 and 3 in l
class Sub(P.ProxyBase):
    __slots__ = ('extra',)
s = Sub([])
s.extra = s
s.append(s)
assert P.queryProxy(s, Sub) is s
assert P.queryInnerProxy(s) is s
P.setProxiedObject(s, 'abc')
assert s.upper() == 'ABC'
del s
gc.collect()
assert type(P._CAPI).__name__ == 'PyCapsule'
try:
    P.ProxyBase()
except TypeError:
    pass
else:
    raise AssertionError('TypeError expected')
