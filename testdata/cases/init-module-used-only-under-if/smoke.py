import cond
assert cond.hello() == 1
assert not hasattr(cond, "EXTRA")
print("smoke ok")
