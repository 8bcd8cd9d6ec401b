import tallies

t = tallies.tally(41)
assert t.incr() == 42 and t.incr() == 43
assert type(t).__name__ == "Tally" and type(t).__module__ == "tallies"
assert tallies.tally(-1).incr() == 0
print("smoke ok")
