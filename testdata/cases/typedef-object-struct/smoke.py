import vecmod
assert vecmod.empty() is vecmod.empty()
assert vecmod.empty() == []
print("smoke ok")
