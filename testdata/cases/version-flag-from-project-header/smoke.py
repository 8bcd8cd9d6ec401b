import flagged

assert flagged.show({"a": 1}) == "{'a': 1}"
assert flagged.show(3) == "3"
try:
    flagged.show(tuple(range(9)))
except flagged.Error as e:
    assert str(e) == "too many parts"
else:
    raise AssertionError("no flagged.Error")
assert issubclass(flagged.Error, ValueError)
print("smoke ok")
