import pickle
import aliashead

c = aliashead.Counter()
assert c.incr() == 1 and c.incr() == 2
assert type(c).__module__ == "aliashead" and type(c).__qualname__ == "Counter"
assert aliashead.Counter.__name__ == "Counter"


class Sub(aliashead.Counter):
    pass


assert Sub().incr() == 1
assert aliashead.Marker.__module__ == "aliashead" and aliashead.Marker.__qualname__ == "Marker"
try:
    aliashead.Marker()
except TypeError:
    pass
else:
    raise AssertionError("Marker() was refused before the conversion too")
print("smoke ok")
