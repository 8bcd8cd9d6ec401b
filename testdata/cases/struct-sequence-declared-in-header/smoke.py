import points

o = points.origin()
assert isinstance(o, points.point) and (o.x, o.y) == (0, 0)
assert points.point.__doc__ == "a point"
assert points.point((1, 2)).y == 2
