import aliasmod
assert aliasmod.join(["a", "b"]) == "a-b"
assert aliasmod.join_twice(["x", "y"]) == "x-y-x-y"
assert aliasmod.count() == 3, aliasmod.count()
print("smoke ok")
