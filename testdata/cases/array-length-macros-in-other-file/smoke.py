import resultcodes
resultcodes.check(0)
for name, code in (("Busy", -2), ("Timeout", -1), ("Denied", 1), ("Corrupt", 2)):
    cls = getattr(resultcodes, name)
    assert issubclass(cls, resultcodes.ResultError)
    try:
        resultcodes.check(code)
    except cls as e:
        assert str(e) == "result %d" % code, e
    else:
        raise AssertionError("no %s" % name)
try:
    resultcodes.check(7)
except resultcodes.ResultError as e:
    assert type(e) is resultcodes.ResultError and "unknown" in str(e)
else:
    raise AssertionError("no ResultError")
print("smoke ok")
