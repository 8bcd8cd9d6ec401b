import ciset

assert ciset.fold("AbC") == "abc"
assert ciset.same("Key", "KEY") is True
assert ciset.same("a", "b") is False
try:
    ciset.fold(1)
except TypeError as e:
    assert "keys must be str" in str(e)
else:
    raise AssertionError("fold(1) should raise")
print("smoke ok")
