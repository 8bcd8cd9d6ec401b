import qmod

c = qmod.Counter()
assert c.incr() == 1 and c.incr() == 2
assert type(c).__name__ == "Counter"
assert hasattr(qmod, "Queue")
q = qmod.make_queue()
assert isinstance(q, qmod.Queue)
q.send("a")
q.send(2)
assert q.receive() == "a"
assert q.receive() == 2
try:
    q.receive()
except LookupError:
    pass
else:
    raise AssertionError("empty queue should raise")
q2 = qmod.Queue()
q2.send(None)
assert q2.receive() is None
