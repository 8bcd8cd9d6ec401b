import onelinemod
assert onelinemod.add(2, 3) == 5
assert onelinemod.ANSWER == 42
print("smoke ok")
