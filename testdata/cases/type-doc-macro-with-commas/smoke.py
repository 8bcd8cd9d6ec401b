import ranges
R = ranges.Range
r = R(1, 10)
assert len(r) == 10 and 5 in r and 11 not in r
i = r & R(8, 20)
assert (len(i), repr(i)) == (3, "Range(8, 10)")
assert len(R(5, 1) if False else R(5, 4)) == 0
assert R.__doc__.startswith("Range(lo, hi) - a closed interval") and "lo = hi + 1" in R.__doc__
try:
    R(5, 1)
except ValueError:
    pass
else:
    raise AssertionError("no error")
class Sub(R):
    pass
assert len(Sub(0, 1) & R(1, 3)) == 1
print("smoke ok")
