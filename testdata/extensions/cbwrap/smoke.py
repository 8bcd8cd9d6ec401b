import gc
import cbwrap

seen = []
cbwrap.set_handler(seen.append)
cbwrap.post(1)
cbwrap.post(2)
assert cbwrap.stats()["pending"] == 2
assert cbwrap.run() == 2 and seen == [1, 2]
assert cbwrap.stats()["pending"] == 0 and cbwrap.stats()["handler"] == seen.append
assert cbwrap.run() == 0

got = []
lst = cbwrap.Listener(lambda l, ev: got.append((l.calls, ev)))
cbwrap.post(7)
assert cbwrap.run() == 1
assert seen == [1, 2, 7] and got == [(1, 7)] and lst.calls == 1

# a callback that posts more events while evlib is running
def chain(ev):
    if ev < 3:
        cbwrap.post(ev + 1)
cbwrap.set_handler(chain)
cbwrap.post(0)
assert cbwrap.run() == 4 and [e for _, e in got[1:]] == [0, 1, 2, 3]

# exceptions raised in callbacks come out of run()
def bad(ev):
    raise KeyError(ev)
cbwrap.set_handler(bad)
cbwrap.post(5)
try:
    cbwrap.run()
except KeyError as e:
    assert e.args == (5,)
else:
    raise AssertionError("run() swallowed the handler's exception")
assert cbwrap.run() == 0

lst.close()
lst.close()
cbwrap.set_handler(None)
cbwrap.post(9)
assert cbwrap.run() == 1 and lst.calls == 6 and cbwrap.stats()["handler"] is None
try:
    cbwrap.set_handler(3)
except TypeError:
    pass
else:
    raise AssertionError
try:
    cbwrap.Listener(3)
except TypeError:
    pass
else:
    raise AssertionError
for _ in range(64):
    cbwrap.post(0)
try:
    cbwrap.post(0)
except OverflowError:
    pass
else:
    raise AssertionError
cbwrap.run()

# listeners keep themselves alive while registered, die after close()
import weakref
class Sink:
    def __call__(self, l, ev):
        pass
s = Sink()
l2 = cbwrap.Listener(s)
w = weakref.ref(s)
del s
l2.close()
del l2
gc.collect()
assert w() is None
cbwrap._atexit_cleanup()
print("smoke ok")
