import counters

u = counters.up()
assert u.bump() == 1 and u.bump() == 2
d = counters.down()
assert d.bump() == 1
assert type(u).__name__ == "up" and type(d).__name__ == "down"
