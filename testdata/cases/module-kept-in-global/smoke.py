import keeper

assert keeper.twice(3) == 6
assert keeper.quadruple(3) == 12
c = keeper.Counter()
assert c.bump() == 2
keeper.step = 5
assert c.bump() == 7
print("smoke ok")
