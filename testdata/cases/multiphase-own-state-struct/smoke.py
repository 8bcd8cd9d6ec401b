import ringbuf
r = ringbuf.make(3)
for i in range(5):
    r.push(i)
assert r.size() == 3
try:
    ringbuf.make(0)
except ringbuf.RingError:
    pass
else:
    raise AssertionError("no RingError")
assert type(r).__module__ == "ringbuf"
print("smoke ok")
