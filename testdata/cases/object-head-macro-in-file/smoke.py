import weakref
import headmac

s = headmac.Shelf()
assert s.add() == 1 and s.add() == 2
r = weakref.ref(s)
assert r() is s
s.close()
try:
    s.add()
except headmac.ShelfClosed:
    pass
else:
    raise AssertionError("a closed shelf took an item")
assert headmac.label_size() > 0
assert type(s).__module__ == "headmac" and type(s).__qualname__ == "Shelf"
print("smoke ok")
