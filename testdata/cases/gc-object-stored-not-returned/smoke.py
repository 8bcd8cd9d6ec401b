import gc
import lrunode

d = {}
for i in range(100):
    lrunode.put(d, i, str(i))
assert lrunode.get(d, 7) == "7"
assert lrunode.get(d, 7) == "7"
assert repr(d[7]) == "<Node 7='7' hits=2>", repr(d[7])
assert type(d[7]).__name__ == "Node"
gc.collect()
del d
gc.collect()
try:
    lrunode.get({}, "missing")
except KeyError:
    pass
else:
    raise AssertionError("get of a missing key did not raise")
print("smoke ok")
