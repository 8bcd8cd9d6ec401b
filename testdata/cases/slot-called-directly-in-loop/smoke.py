import spans

S = spans.Span


class Mine(S):
    pass


h = spans.hull([S(0, 1), S(5, 6), Mine(-2, 0), S(3, 4)])
assert type(h) is S and (h.lo, h.hi) == (-2.0, 6.0)
h = S(1, 2) | Mine(0, 1)
assert type(h) is S and (h.lo, h.hi) == (0.0, 2.0)
assert spans.hull([]) is None
assert spans.hull([S(1, 2)]).lo == 1.0
# As the original: the operator's NotImplemented for pairs it does not know is what the fold
# passes on, also when neither element is a span (the operator's body decides, not a lookup).
assert spans.hull([S(0, 1), 3]) is NotImplemented
assert spans.hull([3, 4]) is NotImplemented
assert spans.hull(["a", S(0, 1)]) is NotImplemented
try:
    S(0, 1) | 3
except TypeError:
    pass
else:
    raise AssertionError("no TypeError")
h = spans.pair(S(0, 1), Mine(2, 3))
assert type(h) is S and (h.lo, h.hi) == (0.0, 3.0)
assert spans.pair(1, S(0, 1)) is NotImplemented
print("smoke ok")
