import gc

import clocks

c = clocks.Clock()
assert c.tick() == 1 and c.tick() == 2
a = clocks.Alarm()
assert isinstance(a, clocks.Clock) and a.tick() == 1


class Sub(clocks.Clock):
    pass


assert Sub().tick() == 1
del c, a, Sub
gc.collect()
assert clocks.Clock().tick() == 1
print("smoke ok")
