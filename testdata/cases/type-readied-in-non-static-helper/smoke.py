import ringbuf

r = ringbuf.Ring(3)
assert len(r) == 0
for x in "abcd":
    r.push(x)
assert len(r) == 3
assert [r[i] for i in range(3)] == ["b", "c", "d"]
try:
    r[3]
except IndexError:
    pass
else:
    raise AssertionError("r[3] should raise")
try:
    ringbuf.Ring(0)
except ValueError:
    pass
else:
    raise AssertionError("Ring(0) should raise")
print("smoke ok")
