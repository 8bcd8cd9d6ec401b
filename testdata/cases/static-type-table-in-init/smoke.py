import shapes

p = shapes.make_point(3.0, -4.0)
assert type(p) is shapes.Point and p.norm1() == 7.0
assert shapes.Point().norm1() == 0.0
c = shapes.Circle()
assert type(c) is shapes.Circle and shapes.Circle.__doc__ == "A circle."
assert shapes.Point.__module__ == "shapes" and shapes.Circle.__name__ == "Circle"
print("smoke ok")
