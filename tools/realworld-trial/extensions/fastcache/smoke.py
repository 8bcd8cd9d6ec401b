# Our own smoke test of the C lru cache decorator.
from fastcache._lrucache import clru_cache
calls = []
@clru_cache(maxsize=2, typed=False)
def f(x, y=0):
    calls.append(x)
    return x + y
assert f(1) == 1 and f(1) == 1 and calls == [1]
f(2); f(3); f(1)
assert calls == [1, 2, 3, 1]
info = f.cache_info()
assert info.maxsize == 2 and info.currsize == 2
f.cache_clear()
assert f.cache_info().currsize == 0
@clru_cache(maxsize=None, typed=True)
def g(x):
    return type(x).__name__
assert g(1) == 'int' and g(1.0) == 'float'
@clru_cache(maxsize=4)
def boom(x):
    raise ValueError(x)
try:
    boom(1)
except ValueError:
    pass
@clru_cache(maxsize=8)
def h(x):
    return x * 2
assert h(4) == 8 and h.__wrapped__(5) == 10 and h.__name__ == 'h'
