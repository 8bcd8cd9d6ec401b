import gc
import lrulite
d = {}
lrulite.put(d, "a", [1, 2])
lrulite.put_hit(d, "b", "bee")
assert lrulite.get(d, "a") == [1, 2]
assert lrulite.get(d, "b") == "bee"
assert repr(d["a"]).startswith("<Node [1, 2] hits=1")
assert repr(d["b"]).startswith("<Node 'bee' hits=2")
try:
    lrulite.get(d, "zz")
except KeyError:
    pass
else:
    raise AssertionError("no KeyError")
assert gc.is_tracked(d["a"]) and gc.is_tracked(d["b"])
# A node in a cycle through its dict: the collector walks it (its traverse visits the type only).
cyc = {}
lrulite.put(cyc, "self", cyc)
del cyc
gc.collect()
del d
gc.collect()
print("smoke ok")
