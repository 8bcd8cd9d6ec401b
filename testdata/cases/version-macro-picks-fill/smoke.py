import tzparse
assert tzparse.offset("+01:30") == 90
assert tzparse.offset("-00:45") == -45
try:
    tzparse.offset("0130")
except ValueError as e:
    assert "0130" in str(e)
else:
    raise AssertionError("no ValueError")
print("smoke ok")
