# Our own smoke test: object proxies, function wrappers on functions and methods, partial proxies, subclassing, gc.
import gc
import wrapt
from wrapt._wrappers import ObjectProxy, CallableObjectProxy, PartialCallableObjectProxy, FunctionWrapper, BoundFunctionWrapper
assert isinstance(wrapt.ObjectProxy(1), ObjectProxy)
lst = [3, 1, 2]
p = ObjectProxy(lst)
assert len(p) == 3 and p[0] == 3 and p == [3, 1, 2] and isinstance(p, list)
p.sort()
assert lst == [1, 2, 3] and p.__wrapped__ is lst
n = ObjectProxy(5)
assert n + 1 == 6 and n * 2 == 10 and -n == -5 and int(n) == 5 and hash(n) == hash(5)
class Tracking(ObjectProxy):
    def __init__(self, wrapped):
        super().__init__(wrapped)
        self._self_calls = 0
    def append(self, x):
        self._self_calls += 1
        return self.__wrapped__.append(x)
t = Tracking([])
t.append(1); t.append(2)
assert t._self_calls == 2 and t == [1, 2]
seen = []
def wrapper(wrapped, instance, args, kwargs):
    seen.append(instance)
    return wrapped(*args, **kwargs) * 10
def add(a, b):
    return a + b
w = FunctionWrapper(add, wrapper)
assert w(1, 2) == 30 and w.__name__ == 'add'
class C:
    def m(self, x):
        return x + 1
    m = FunctionWrapper(m, wrapper)
c = C()
assert isinstance(C.__dict__['m'].__get__(c, C), BoundFunctionWrapper)
assert c.m(1) == 20 and seen[-1] is c
@wrapt.decorator
def twice(wrapped, instance, args, kwargs):
    return 2 * wrapped(*args, **kwargs)
@twice
def one():
    return 1
assert one() == 2
cp = CallableObjectProxy(add)
assert cp(2, 3) == 5
pp = PartialCallableObjectProxy(add, 4)
assert pp(5) == 9
try:
    ObjectProxy()
except TypeError:
    pass
else:
    raise AssertionError('no error')
del p, t, w, c
gc.collect()
