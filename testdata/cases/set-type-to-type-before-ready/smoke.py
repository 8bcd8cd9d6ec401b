import counters

c = counters.Counter()
assert c.bump() == 1 and c.bump() == 2
t = counters.Tally()
assert t.bump() == 1
assert type(counters.Counter) is type and type(counters.Tally) is type
print("smoke ok")
