import counter
c = counter.Counter(41)
assert c.incr() == 42
assert counter.via_capi(c) == (42, 1, "counter")
assert type(counter.make(3)) is counter.Counter
try:
    counter.via_capi(3)
except (AssertionError, TypeError):
    pass
else:
    raise AssertionError("a non-counter must be refused")
print("smoke ok")
