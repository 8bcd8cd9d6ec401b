import tallies
t = tallies.Tally(10)
t.add(2)
t.add(4)
assert t.mean() == 8.0
try:
    tallies.Tally().mean()
except ZeroDivisionError:
    pass
else:
    raise AssertionError("no error")
class Sub(tallies.Tally):
    pass
s = Sub()
s.add(3)
assert s.mean() == 3.0 and isinstance(s, tallies.Tally)
assert tallies.sum([1, 2, 3]) == 6
assert tallies.__doc__ == "Running tallies."
print("smoke ok")
