import msmod
assert msmod.double(21) == 42 and msmod.VERSION == 3
print("smoke ok")
