import chainmod

a = chainmod.Cell(1)
b = chainmod.Cell(2, a)
c = chainmod.Cell("x", b)
assert c.length() == 3 and a.length() == 1
assert c.value == "x" and b.value == 2
try:
    chainmod.Cell(1, 2)
except TypeError:
    pass
else:
    raise AssertionError("next must be a Cell")
