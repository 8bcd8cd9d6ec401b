import ringbuf

r = ringbuf.Ring()
try:
    r.oldest()
except ringbuf.RingError as e:
    assert "empty" in str(e)
else:
    raise AssertionError("no RingError from an empty ring")
for i in range(11):
    r.push(i)
assert r.oldest() == 3, r.oldest()
assert r.describe() == "ring of 8/8"
assert type(r).__module__ == "ringbuf" and type(r).__name__ == "Ring"
assert issubclass(ringbuf.RingError, Exception)
print("smoke ok")
