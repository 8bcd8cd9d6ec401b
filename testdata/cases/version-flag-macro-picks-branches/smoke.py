import tally

t = tally.Tally()
assert t.up() == 1
assert t.up() == 2
assert t.name() == "tally"
assert tally.__doc__ == "Counters."
print("smoke ok")
