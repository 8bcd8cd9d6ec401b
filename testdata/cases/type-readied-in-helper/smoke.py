import hitcount
c = hitcount.Counter()
assert c.hit() == 1 and c.hit() == 2
print("smoke ok")
