import tally

start = tally.add(0)
assert tally.add(5) == start + 5
assert tally.LIMIT == 1000
print("smoke ok")
