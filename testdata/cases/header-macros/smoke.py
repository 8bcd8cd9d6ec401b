import tally
t = tally.Tally()
assert t.add(5) == 5 and t.sub(2) == 3 and tally.count_of(t) == 3
assert t.reset() == 0
try:
    tally.count_of(3)
except TypeError:
    pass
else:
    raise AssertionError("count_of accepted an int")
print("smoke ok")
