import socks
s = socks.sock(2, 5)
assert (s.family, s.type) == (2, 5)
assert repr(s) == "<sock family=2 type=5>"
try:
    s.type = 3
except AttributeError:
    pass
else:
    raise AssertionError("writable")
class Sub(socks.sock):
    pass
assert Sub().type == 1
print("smoke ok")
