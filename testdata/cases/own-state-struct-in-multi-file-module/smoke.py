import tally

c = tally.Counter(limit=2)
assert c.bump() == 1
assert c.bump() == 2
try:
    c.bump()
except tally.Overflow as e:
    assert "limit 2" in str(e)
else:
    raise AssertionError("the third bump should overflow")
tally.check(3)
try:
    tally.check(-1)
except tally.error as e:
    assert "never negative" in str(e)
else:
    raise AssertionError("check(-1) should raise")
assert issubclass(tally.Overflow, Exception)
print("smoke ok")
