import tally

t = tally.Tally()
assert t.add() == 1
assert t.add() == 2
assert tally.Tally().add() == 1
assert tally.__doc__ == "Counting."
assert type(t).__module__ == "tally"
print("smoke ok")
