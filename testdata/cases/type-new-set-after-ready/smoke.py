import pickle

import ringbuf

r = ringbuf.Ring(2)
r.push(1)
r.push(2)
assert len(r) == 2
try:
    r.push(3)
except ringbuf.Full as e:
    assert "full" in str(e)
else:
    raise AssertionError("no Full")
assert r.pop() == 1
r.push(3)
assert [r.pop(), r.pop()] == [2, 3]
try:
    r.pop()
except IndexError:
    pass
else:
    raise AssertionError("no IndexError")
try:
    ringbuf.Ring(0)
except ValueError:
    pass
else:
    raise AssertionError("no ValueError")

# tp_new is set on both: instances come from calling the type and from __new__.
assert type(ringbuf.Ring.__new__(ringbuf.Ring)) is ringbuf.Ring
s = ringbuf.Stats()
for v in (1, 2, 6):
    s.add(v)
assert s.mean() == 3.0
try:
    ringbuf.Stats(1)
except TypeError:
    pass
else:
    raise AssertionError("Stats takes no arguments")


class Weighted(ringbuf.Stats):
    pass


w = Weighted()
w.add(4)
assert w.mean() == 4.0 and isinstance(w, ringbuf.Stats)
print("smoke ok")
