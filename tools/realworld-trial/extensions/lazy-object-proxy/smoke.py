# Our own smoke test of the C Proxy type.
from lazy_object_proxy.cext import Proxy
calls = []
def factory():
    calls.append(1)
    return [3, 1, 2]
p = Proxy(factory)
assert not calls
assert len(p) == 3 and sorted(p) == [1, 2, 3] and calls == [1]
p.append(4)
assert p.__wrapped__ == [3, 1, 2, 4]
assert isinstance(p, list)
n = Proxy(lambda: 7)
assert n + 1 == 8 and n * 2 == 14 and -n == -7 and int(n) == 7 and n == 7 and hash(n) == hash(7)
s = Proxy(lambda: 'abc')
assert s.upper() == 'ABC' and str(s) == 'abc' and 'b' in s
class Sub(Proxy):
    pass
assert Sub(lambda: {1: 2})[1] == 2
try:
    Proxy(lambda: 1 / 0) + 1
except ZeroDivisionError:
    pass
else:
    raise AssertionError('factory error not raised')
