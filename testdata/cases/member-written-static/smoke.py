import mwmod
assert mwmod.call(1) == 1
assert mwmod.call(2) == 2
print("smoke ok")
