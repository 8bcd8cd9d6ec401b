import gc
import cells

for _ in range(200):
    c = cells.Cell([1, 2])
    p = cells.Pair("x")
    assert c.get() == [1, 2]
    assert p.get() == "x"
    del c, p
gc.collect()
assert cells.Cell().get() is None
print("smoke ok")
