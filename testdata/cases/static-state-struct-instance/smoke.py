import keepmod
c = keepmod.Counter()
assert c.add(2) == 2 and c.add(40) == 42
assert type(c).__module__ == 'keepmod'
