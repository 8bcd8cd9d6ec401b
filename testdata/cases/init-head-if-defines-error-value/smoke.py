import bitmask

assert bitmask.Mask(0b1011).count() == 3
assert bitmask.Mask().count() == 0
try:
    bitmask.Mask(-1)
except bitmask.error as e:
    assert "not negative" in str(e)
else:
    raise AssertionError("no error")
print("smoke ok")
