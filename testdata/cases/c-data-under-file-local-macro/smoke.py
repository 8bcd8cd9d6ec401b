import tally

assert tally.bump() == 1
assert tally.bump() == 2
assert tally.peak() == 4
assert tally.bump() == 3
assert tally.peak() == 6
assert tally.label() == "peak"
print("smoke ok")
