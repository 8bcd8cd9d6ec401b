import gc
import sys
import tpfree

assert repr(tpfree.Item("a")) == "Item('a')"


class Sub(tpfree.Item):
    pass


before = sys.getrefcount(tpfree.Item)
for i in range(10000):
    tpfree.Item(str(i))
    Sub("s")
gc.collect()
assert abs(sys.getrefcount(tpfree.Item) - before) <= 2
print("smoke ok")
