import condmod
assert condmod.zero() == 0
print("smoke ok")
