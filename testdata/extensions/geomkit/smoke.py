import gc
import pickle
import geomkit
from geomkit import Vector, Matrix, GeometryError

assert issubclass(GeometryError, ValueError)

v = Vector([1, 2, 3])
w = Vector((4.0, 5.0, 6.0))
assert len(v) == 3 and v[0] == 1.0 and v[2] == 3.0 and list(w) == [4.0, 5.0, 6.0]
assert repr(v) == "Vector(1.0, 2.0, 3.0)", repr(v)
assert v + w == Vector([5, 7, 9]) and w - v == Vector([3, 3, 3])
assert v * w == 32.0 and v.dot(w) == 32.0
assert v * 2 == Vector([2, 4, 6]) and 2 * v == Vector([2, 4, 6])   # right operand
assert w / 2 == Vector([2, 2.5, 3]) and -v == Vector([-1, -2, -3])
assert abs(Vector([3, 4])) == 5.0 and bool(v) and not Vector([0, 0]) and not Vector()
assert geomkit.cross(Vector([1, 0, 0]), Vector([0, 1, 0])) == Vector([0, 0, 1])
assert geomkit.isclose(Vector([3, 4]).normalized(), Vector([0.6, 0.8]))
v[1] = 7
assert v[1] == 7.0
for bad, exc in ((lambda: v[3], IndexError), (lambda: v + Vector([1]), GeometryError),
                 (lambda: v / 0, ZeroDivisionError), (lambda: Vector().normalized(), GeometryError),
                 (lambda: v + 1, TypeError), (lambda: hash(v), TypeError),
                 (lambda: Vector([1, "x"]), TypeError)):
    try:
        bad()
    except exc:
        pass
    else:
        raise AssertionError(exc)
try:
    del v[0]
except GeometryError:
    pass
else:
    raise AssertionError
assert geomkit.isclose(Vector([1, 2]), Vector([1, 2 + 1e-12]))
assert not geomkit.isclose(Vector([1, 2]), Vector([1, 2.1]))
assert geomkit.isclose(Vector([1.0]), Vector([1.05]), rel_tol=0.1)
assert not geomkit.isclose(Vector([1.0]), Vector([1.0, 2.0]))

class Point(Vector):
    def norm(self):
        return abs(self)
p = Point([6, 8])
assert p.norm() == 10.0 and isinstance(p, Vector) and repr(p) == "Point(6.0, 8.0)"
assert pickle.loads(pickle.dumps(v)) == v
q = pickle.loads(pickle.dumps(p))
assert type(q) is Point and q == p

m = Matrix([[1, 2], [3, 4]])
assert m.shape == (2, 2) and m[1, 0] == 3.0 and m.tolist() == [[1, 2], [3, 4]]
assert repr(m) == "Matrix([[1.0, 2.0], [3.0, 4.0]])"
i2 = geomkit.identity(2)
assert (m @ i2).tolist() == m.tolist() and (m * i2).tolist() == m.tolist()
assert (m * 2).tolist() == [[2, 4], [6, 8]] and (2 * m).tolist() == [[2, 4], [6, 8]]
assert m @ Vector([1, 1]) == Vector([3, 7]) and m * Vector([1, 1]) == Vector([3, 7])
assert Vector([1, 1]) @ m == Vector([4, 6]) and Vector([1, 1]) * m == Vector([4, 6])
assert m.transpose().tolist() == [[1, 3], [2, 4]]
m[0, 1] = 9
assert m[0, 1] == 9.0
for bad, exc in ((lambda: m[2, 0], IndexError), (lambda: m[0], TypeError),
                 (lambda: Matrix([[1, 2], [3]]), GeometryError), (lambda: Matrix([]), GeometryError),
                 (lambda: Matrix([[1, 2]]) @ Matrix([[1, 2]]), GeometryError),
                 (lambda: m @ 3, TypeError)):
    try:
        bad()
    except exc:
        pass
    else:
        raise AssertionError(exc)
try:
    class M2(Matrix):
        pass
except TypeError:
    pass
else:
    raise AssertionError("Matrix must not be subclassable")

# churn the free list
for _ in range(100):
    x = geomkit.identity(3) @ geomkit.identity(3)
del x
assert geomkit._clear_freelist() >= 0
gc.collect()
print("smoke ok")
