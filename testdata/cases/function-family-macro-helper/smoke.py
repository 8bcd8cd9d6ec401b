import points

P = points.Point
a, b = P(0, 0), P(3, 4)
assert points.distance(a, b) == 5.0
assert points.xs([a, b, P(x=-1.5)]) == [0.0, 3.0, -1.5]
assert repr(b) == "Point(3, 4)", repr(b)
for bad in (lambda: points.distance(a, 1), lambda: points.xs([a, "p"])):
    try:
        bad()
    except TypeError as e:
        assert "expected a Point" in str(e), e
    else:
        raise AssertionError("no TypeError")
assert points.max_x([a, b, P(-2, 9)]) == 3.0 and points.max_y(iter([a, b, P(-2, 9)])) == 9.0
assert points.max_x([]) == float("-inf")
assert points.max_y.__doc__.startswith("max_y(points) -> float"), points.max_y.__doc__
try:
    points.max_x([a, 2])
except TypeError:
    pass
else:
    raise AssertionError("no TypeError")
print("smoke ok")
