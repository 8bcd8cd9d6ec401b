import pairrow

r = pairrow.Row(("a", "b"), (1, 2))
assert len(r) == 2
assert r[0] == 1 and r[-1] == 2
assert r["b"] == 2
assert list(r) == [1, 2]
try:
    r["c"]
except KeyError:
    pass
else:
    raise AssertionError("r['c'] should raise")
try:
    pairrow.Row(("a",), ())
except ValueError:
    pass
else:
    raise AssertionError("mismatched lengths should raise")
print("smoke ok")
