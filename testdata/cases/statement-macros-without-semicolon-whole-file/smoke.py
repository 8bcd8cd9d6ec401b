import hookcall

hookcall.set_hook(lambda *parts: "-".join(parts))
assert hookcall.measure("abc") == 3
assert hookcall.pair("x", "y") == "x-y"
hookcall.set_hook(lambda *parts: None)
assert hookcall.measure("abc") == -1
hookcall.set_hook(None)
try:
    hookcall.measure("abc")
except TypeError:
    pass
else:
    raise AssertionError("calling None must fail")
t = hookcall.Tally()
assert t.bump() == 1 and t.bump() == 2
assert hookcall.Tally.__module__ == "hookcall"
print("smoke ok")
