import tally

a = tally.Counter("a")
b = tally.Counter()
assert a.bump() == 1 and a.bump() == 2 and b.bump() == 1
assert tally.created() == 2
assert tally.lookup("a") is a
try:
    tally.lookup("b")
except KeyError:
    pass
else:
    raise AssertionError("no KeyError")
print("smoke ok")
