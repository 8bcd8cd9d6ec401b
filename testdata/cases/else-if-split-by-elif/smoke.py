import platmod
assert platmod.next(41) == 42
print("smoke ok")
