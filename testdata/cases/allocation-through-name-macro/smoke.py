import pairs

p = pairs.pair(2, 5)
assert p.sum() == 7
q = p.swapped()
assert type(q) is type(p) and q.sum() == 7
del p, q
print("smoke ok")
