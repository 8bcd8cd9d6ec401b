import bagmod

b = bagmod.Bag()
assert b.add("x") == 1
assert b.add("x") == 2
assert b.add("y") == 1
keys = b.keys()
counts = b.counts()
assert len(keys) == 2 and len(counts) == 2
assert sorted(keys) == ["x", "y"]
assert sorted(counts) == [1, 2]
it = iter(keys)
assert type(it).__name__ == "keys_iterator"
assert type(iter(counts)).__name__ == "counts_iterator"
assert type(keys).__name__ == "keys"
assert type(keys) is not type(counts)
b.add("z")
assert len(keys) == 3
