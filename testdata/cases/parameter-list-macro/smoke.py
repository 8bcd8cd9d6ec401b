import registry

assert registry.find("") == "root"
assert registry.find(key="") == "root"
try:
    registry.find("x")
except registry.UnknownKey as e:
    assert "no entry 'x'" in str(e)
    assert isinstance(e, KeyError)
else:
    raise AssertionError("no error")
print("smoke ok")
