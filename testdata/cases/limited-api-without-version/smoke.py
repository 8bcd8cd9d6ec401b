import rot
assert rot.rot13("Hello, World") == "Uryyb, Jbeyq"
assert rot.rot13(rot.rot13("abcXYZ")) == "abcXYZ"
try:
    rot.rot13(3)
except TypeError:
    pass
else:
    raise AssertionError("no error")
print("smoke ok")
