import timing
assert timing.getdefaulttimeout() is None
assert timing.backoff() == 0.25
timing.setdefaulttimeout(1.5)
assert timing.getdefaulttimeout() == 1.5
timing.setdefaulttimeout(None)
assert timing.getdefaulttimeout() is None
try:
    timing.setdefaulttimeout(-2.0)
except ValueError:
    pass
else:
    raise AssertionError("no error")
print("smoke ok")
