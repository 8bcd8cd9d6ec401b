import unkown
assert unkown.current() is None
unkown.remember(len)
assert unkown.current() is len
print("smoke ok")
