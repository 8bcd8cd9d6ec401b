import gc
import sys
import weakref
import points

P, V = points.Point, points.Vector
assert V.__base__ is P


class Mine(P):
    pass


# Every object drops its type's reference exactly once: the base, the subtype that inherits the
# base's dealloc, a subclass defined in Python.
for T in (P, V, points.Tagged, Mine):
    before = sys.getrefcount(T)
    objs = [T(1.0, 2.0) for _ in range(50)]
    assert sys.getrefcount(T) == before + 50, T
    del objs
    gc.collect()
    assert sys.getrefcount(T) == before, (T, before, sys.getrefcount(T))

assert type(V(1, 2) + V(3, 4)) is V and repr(V(1, 2) + V(3, 4)) == "Vector(4.0, 6.0)"
s = V(1, 2) + P(3, 4)
assert type(s) is P and (s.x, s.y) == (4.0, 6.0)
s = Mine(1, 1) + V(1, 1)
assert type(s) is P and (s.x, s.y) == (2.0, 2.0)
for bad in (lambda: V(1, 2) + 1, lambda: 1 + V(1, 2), lambda: Mine(0, 0) + "a"):
    try:
        bad()
    except TypeError:
        pass
    else:
        raise AssertionError("no TypeError")
# The subtype with a __dict__ of its own frees it with the object.
class Payload:
    pass


t = points.Tagged(1, 2)
t.payload = Payload()
w = weakref.ref(t.payload)
assert points.Tagged.__base__ is P and (t.x, t.y) == (1.0, 2.0)
del t
gc.collect()
assert w() is None, "the Tagged object's __dict__ was not freed"
print("smoke ok")
