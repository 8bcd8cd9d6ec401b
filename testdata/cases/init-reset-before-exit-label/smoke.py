import tundev

assert tundev.MODE_TUN == 1 and tundev.MODE_TAP == 2
assert issubclass(tundev.Error, OSError)
try:
    tundev.fail("no device")
except tundev.Error as e:
    assert e.args == ("no device",)
else:
    raise AssertionError("no exception")
print("smoke ok")
