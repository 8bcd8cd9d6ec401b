import vcost

assert vcost.add(2, 3) == 5 and vcost.target() is None
p = vcost.Pair(1, 2)
p.swap()
print("smoke ok")
