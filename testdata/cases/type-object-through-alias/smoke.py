import shelves

s = shelves.Shelf()
assert shelves.is_shelf(s)
assert not shelves.is_shelf(shelves.Label())
assert not shelves.is_shelf(1)
print("smoke ok")
