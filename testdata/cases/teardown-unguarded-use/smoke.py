import blockpool

used, peak = blockpool.usage()
h = blockpool.Handle(5)
g = blockpool.Handle(3)
assert blockpool.usage() == (used + 8, max(peak, used + 8))
del h
assert blockpool.usage()[0] == used + 3
blockpool.kept = g
del g
print("smoke ok")
