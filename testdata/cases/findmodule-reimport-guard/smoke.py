import guardmod
assert guardmod.count() == 1
assert guardmod.count() == 2
print("smoke ok")
