import definecomments as m
assert m.double_it(2) == 4.0
assert m.halve_it(3) == 1.5
assert m.set_label() == "<unnamed>"
assert m.set_label("x") == "<x>"
try:
    m.set_label(3)
except TypeError:
    pass
else:
    raise AssertionError("a non-str label must raise TypeError")
print("smoke ok")
