import gc
import bag
b = bag.Bag()
b.add(1)
b.add("two")
assert list(b) == [1, "two"]
it = iter(b)
assert type(it).__name__ == "BagIterator" and next(it) == 1
try:
    type(it)()
except TypeError:
    pass
else:
    raise AssertionError("the iterator type was instantiable")
b.add(b)
del b, it
gc.collect()
print("smoke ok")
