import colors

C = colors.Color
assert repr(C.red()) == "Color(255, 0, 0)", repr(C.red())
assert repr(C.black()) == "Color(0, 0, 0)"
assert type(C.white()) is C
try:
    C()
except TypeError:
    pass
else:
    raise AssertionError("Color() is not instantiable")
print("smoke ok")
