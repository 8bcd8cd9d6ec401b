import gc, pickle
import lazyproxy
from lazyproxy import Proxy

calls = []
def make():
    calls.append(1)
    return 41

p = Proxy(make)
assert not p.__resolved__ and calls == []
assert p + 1 == 42 and calls == [1]
assert 1 + p == 42 and p * 2 == 82 and 2 * p == 82 and p - 1 == 40 and 100 - p == 59
assert p - Proxy(lambda: 1) == 40 and Proxy(lambda: 3) * Proxy(lambda: 4) == 12
assert -p == -41 and bool(p) and p.__resolved__ and calls == [1]
assert p == 41 and p != 40 and p < 50 and hash(p) == hash(41)
assert str(p) == "41" and "wrapping 41" in repr(p)
assert p.__wrapped__ == 41 and p.bit_length() == 6

s = Proxy(lambda: [1, 2, 3])
assert len(s) == 3 and s[1] == 2 and list(s) == [1, 2, 3] and s + [4] == [1, 2, 3, 4]
f = Proxy(lambda: (lambda x, y=0: x * 10 + y))
assert f(4, y=2) == 42

class Sub(Proxy):
    def __add__(self, other):
        return ('sub', super().__add__(other))
q = Sub(lambda: 5)
assert q + 1 == ('sub', 6) and 1 + q == 6 and q * 3 == 15 and isinstance(q, Proxy)
q.note = 'x'
assert q.note == 'x' and q.__dict__ == {'note': 'x'}

empty = Proxy.__new__(Proxy)
try:
    empty + 1
except lazyproxy.FactoryError as e:
    assert 'no __factory__' in str(e)
else:
    raise AssertionError('FactoryError not raised')
assert issubclass(lazyproxy.FactoryError, ValueError)
try:
    Proxy(lambda: 1 / 0) + 1
except ZeroDivisionError:
    pass
else:
    raise AssertionError

assert p << 1 == 82 and 1 << Proxy(lambda: 3) == 8
lazy = Proxy(make)
try:
    'x' << lazy
except TypeError:
    pass
else:
    raise AssertionError('str << proxy worked')
assert not lazy.__resolved__

r = Proxy(lambda: 'a')
assert r.__resolve__() == 'a' and r.__resolve__(lambda: 'b') == 'b' and r == 'b'
assert r.__resolve__(factory=lambda: 'c') == 'c' and r.__resolve__(None) == 'c'
for bad_call in (lambda: r.__resolve__(1, 2), lambda: r.__resolve__(other=1)):
    try:
        bad_call()
    except TypeError:
        pass
    else:
        raise AssertionError('bad arguments accepted')
try:
    r.__resolve__(42)
except lazyproxy.FactoryError as e:
    assert 'callable factory, not int' in str(e)
else:
    raise AssertionError('FactoryError not raised')
assert q.__resolve__(lambda: 9) == 9 and q + 1 == ('sub', 10)

p.__wrapped__ = 7
assert p + 0 == 7
r = pickle.loads(pickle.dumps(Proxy(int)))
assert r == 0

cyc = Proxy(list)
cyc.__wrapped__ = [cyc]
del cyc
gc.collect()
print("smoke ok")
