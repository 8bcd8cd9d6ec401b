import stopwatch

a = stopwatch.now()
b = stopwatch.now()
assert isinstance(a, float) and b >= a
assert stopwatch.__doc__ == "A monotonic stopwatch."
try:
    stopwatch.fail()
except stopwatch.Error as e:
    assert str(e) == "stopped"
else:
    raise AssertionError("fail() did not raise")
print("smoke ok")
