import errtable
for name, code in (("BUSY", 1), ("TIMEOUT", 2), ("DENIED", 3), ("CORRUPT", 4)):
    cls = getattr(errtable, name)
    assert issubclass(cls, OSError)
    try:
        errtable.raise_code(code)
    except cls as e:
        assert str(e) == "result code %d" % code, e
    else:
        raise AssertionError("no %s" % name)
try:
    errtable.raise_code(6)
except OSError as e:
    assert type(e) is OSError and "unknown" in str(e)
else:
    raise AssertionError("no OSError")
print("smoke ok")
