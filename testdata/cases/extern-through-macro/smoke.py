import projmod
try:
    projmod.fail("x")
except projmod.Error as e:
    assert str(e) == "x"
else:
    raise AssertionError
assert projmod.Token.__module__ == "projmod"
print("smoke ok")
