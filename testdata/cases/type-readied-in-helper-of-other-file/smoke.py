import geo
p = geo.midpoint(0, 0, 2, 4)
assert type(p) is geo.Point
assert (p.x, p.y) == (1.0, 2.0)
assert repr(p) == "Point(1, 2)"
try:
    geo.Point()
except TypeError:
    pass
else:
    raise AssertionError("geo.Point() should not be callable")
print("smoke ok")
