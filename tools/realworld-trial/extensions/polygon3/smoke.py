# Our own smoke test: polygon construction, boolean operations, the module's data style and its exception.
from Polygon import cPolygon
P = cPolygon.Polygon
sq = P(((0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)))
assert abs(sq.area() - 4.0) < 1e-9
assert len(sq) == 1 and sq.nPoints() == 4
other = P(((1.0, 1.0), (3.0, 1.0), (3.0, 3.0), (1.0, 3.0)))
assert abs((sq & other).area() - 1.0) < 1e-9
assert abs((sq | other).area() - 7.0) < 1e-9
assert abs((sq - other).area() - 3.0) < 1e-9
assert sq.isInside(1.0, 1.0) and not sq.isInside(5.0, 5.0)
assert sq.overlaps(other) and not sq.covers(other)
cPolygon.setDataStyle(cPolygon.STYLE_TUPLE)
assert isinstance(sq[0], tuple)
cPolygon.setDataStyle(cPolygon.STYLE_LIST)
assert isinstance(sq[0], list)
try:
    cPolygon.setDataStyle("x")
except cPolygon.Error:
    pass
else:
    raise AssertionError("no error")
class Sub(P):
    pass
s = Sub(((0.0, 0.0), (1.0, 0.0), (0.0, 1.0)))
assert abs(s.area() - 0.5) < 1e-9 and isinstance(s, P)
t = cPolygon.getTolerance()
assert t > 0
