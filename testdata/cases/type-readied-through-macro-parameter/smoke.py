import shapes

assert shapes.Square(3).area() == 9.0
assert abs(shapes.Circle(1).area() - 3.141592653589793) < 1e-12
assert type(shapes.Square(1)).__name__ == "Square"
try:
    shapes.Circle("wide")
except TypeError:
    pass
else:
    raise AssertionError("Circle accepted a str")
print("smoke ok")
