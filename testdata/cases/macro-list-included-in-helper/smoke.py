import codes

names = ["BusyError", "TimeoutError", "DeniedError", "GoneError"]
for n, name in enumerate(names):
    cls = getattr(codes, name)
    assert issubclass(cls, RuntimeError)
    try:
        codes.raise_code(n)
    except cls as e:
        assert str(e) == "error code %d" % n
    else:
        raise AssertionError("no exception")
try:
    codes.raise_code(9)
except ValueError:
    pass
print("smoke ok")
