import pairs
assert pairs.same(pairs.Pair(1, 2), pairs.Pair(1, 2)) is True
assert pairs.same(pairs.Pair(1, 2), pairs.Pair(2, 1)) is False
assert pairs.Pair(3, 4) == pairs.Pair(3, 4) and pairs.Pair(3, 4) != pairs.Pair(4, 3)
try:
    pairs.same(1, 2)
except TypeError:
    pass
else:
    raise AssertionError("no TypeError")
