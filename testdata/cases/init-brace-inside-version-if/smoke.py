import tally

assert tally.LIMIT == 3
assert tally.check(1) == 2
try:
    tally.check(5)
except tally.Overflow as e:
    assert isinstance(e, ValueError) and "over the limit" in str(e)
else:
    raise AssertionError("no Overflow")
print("smoke ok")
