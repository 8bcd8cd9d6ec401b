import shapes

assert abs(shapes.Circle(2.0).area() - 12.566370614359172) < 1e-9
assert shapes.Square(3).area() == 9.0


class Big(shapes.Square):
    pass


assert Big(2).area() == 4.0
try:
    class NotABase(shapes.Circle):
        pass
except TypeError:
    pass
else:
    raise AssertionError("Circle is not a base type")
print("smoke ok")
