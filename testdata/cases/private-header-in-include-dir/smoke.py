import plane

p = plane.point(3.0, -4.0)
assert type(p) is plane.Point and p.norm1() == 7.0
assert plane.Point.__module__ == "plane"
try:
    plane.point(float("nan"), 0.0)
except plane.PlaneError:
    pass
else:
    raise AssertionError("nan must raise PlaneError")
try:
    plane.point(1e300, 1e300).norm1()
except plane.PlaneError:
    pass
else:
    raise AssertionError("a far point must raise PlaneError")
print("smoke ok")
