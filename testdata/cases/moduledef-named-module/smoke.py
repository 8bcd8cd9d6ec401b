import countmod
c = countmod.make_counter()
assert isinstance(c, countmod.Counter) and c.bump() == 1 and c.bump() == 2
assert countmod.Counter().bump() == 1 and c.label() == "counter"
class Sub(countmod.Counter):
    pass
assert Sub().label() == "counter"
