import shapes

assert shapes.Shape().area() == 0.0
assert issubclass(shapes.Square, shapes.Shape)
try:
    shapes.Square()
except TypeError:
    pass
else:
    raise AssertionError("Square was instantiable")
print("smoke ok")
