import pts

points = [pts.Point(i, -i) for i in range(40)]
assert (points[3].x, points[3].y) == (3.0, -3.0)
del points
# Made again from the objects the free list kept.
again = [pts.Point(i * 2, i) for i in range(40)]
assert sum(p.x for p in again) == 2 * sum(range(40))
assert type(again[0]) is pts.Point
try:
    pts.Point(float("nan"), 0)
except pts.error:
    pass
else:
    raise AssertionError("pts.error expected")
print("smoke ok")
