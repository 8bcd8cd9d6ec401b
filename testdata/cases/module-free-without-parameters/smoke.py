import keep

assert keep.remember("b") == 1
assert keep.remember("a") == 2
assert keep.remember("b") == 2
assert keep.joined() == "a,b"
print("smoke ok")
