import jsonlite
assert jsonlite.check("[1, 2]") is True
try:
    jsonlite.check("nope")
except jsonlite.DecodeError as e:
    assert "nope" in str(e)
else:
    raise AssertionError("no DecodeError")
assert issubclass(jsonlite.DecodeError, ValueError)
print("smoke ok")
