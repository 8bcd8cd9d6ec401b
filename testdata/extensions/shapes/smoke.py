import gc
import pickle
import weakref
import shapes
from shapes import Rect, Square, Canvas

r = Rect(0, 0, 4, 3)
assert (r.x, r.y, r.w, r.h) == (0, 0, 4, 3) and r.area() == 12.0 and r.tag is None
assert tuple(r) == (0.0, 0.0, 4.0, 3.0) and len(r) == 4 and repr(r) == "shapes.Rect(0.0, 0.0, 4.0, 3.0)"
assert list(r.vertices()) == [(0, 0), (4, 0), (4, 3), (0, 3)]
assert r * 2 == Rect(0, 0, 8, 6) and 0.5 * r == Rect(0, 0, 2, 1.5)
assert (r | Rect(5, 5, 1, 1)) == Rect(0, 0, 6, 6)
assert (r & Rect(2, 1, 10, 10)) == Rect(2, 1, 2, 2) and (r & Rect(10, 10, 1, 1)) is None
assert bool(r) and not Rect(1, 1, 0, 5)
r.color = "red"                          # __dict__ via tp_dictoffset
assert r.__dict__ == {"color": "red"}
r.tag = [1]
w = weakref.ref(r)                       # tp_weaklistoffset
assert w() is r

s = Square(1, 1, 2, tag="sq")
assert isinstance(s, Rect) and type(s) is Square and s.side == 2.0 and s.tag == "sq"
assert s != Rect(1, 1, 2, 2) and s == Square(1, 1, 2)   # kinds differ
assert type(s * 3) is Square and (s * 3).side == 6.0
assert type(s | s) is Rect
s.note = 1
assert s.__dict__ == {"note": 1}

for bad, exc in ((lambda: Rect(0, 0, -1, 1), ValueError), (lambda: Square(0, 0, -1), ValueError),
                 (lambda: r * -1, ValueError), (lambda: r * r, TypeError), (lambda: r[4], IndexError),
                 (lambda: hash(r), TypeError), (lambda: shapes.VertexIter(), TypeError),
                 (lambda: Canvas(1), TypeError), (lambda: Canvas().add(3), TypeError)):
    try:
        bad()
    except exc:
        pass
    else:
        raise AssertionError(exc)
try:
    r.x = 3
except AttributeError:
    pass
else:
    raise AssertionError

it = r.vertices()
assert iter(it) is it and type(it).__name__ == "VertexIter"
assert type(it) is shapes.VertexIter

class Tile(Rect):
    def label(self):
        return "tile %g" % self.area()
t = Tile(0, 0, 2, 2)
t.extra = 5
assert t.label() == "tile 4" and t.extra == 5 and type(t * 2) is Rect

c = Canvas()
c.add(r)
c += [s, Rect(-1, -1, 1, 1)]
assert len(c) == 3 and c[1] is s and s in c and Rect(9, 9, 9, 9) not in c
assert c.bounds() == Rect(-1, -1, 5, 4) and Canvas().bounds() is None

p = pickle.loads(pickle.dumps(r))
assert p == r and p.color == "red" and p.tag is None   # tag is not pickled
q = pickle.loads(pickle.dumps(s))
assert type(q) is Square and q == s and q.note == 1

# cycles through __dict__, tag and the canvas are collected
a = Rect(0, 0, 1, 1)
a.me = a
a.tag = a
cv = Canvas()
cv.add(Rect(0, 0, 1, 1))
cv[0].tag = cv
wa = weakref.ref(a)
del a, cv
gc.collect()
assert wa() is None
print("smoke ok")
