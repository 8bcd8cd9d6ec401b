import gc
import importlib.util
import sys
import weakref
import isoclean

t = isoclean.Tally()
assert t.feed("the cat and the hat, the end") == 7
assert len(t) == 5 and t["the"] == 3 and t["dog"] == 0
assert t.most_common(1) == [("the", 3)]
assert sorted(t) == [("and", 1), ("cat", 1), ("end", 1), ("hat", 1), ("the", 3)]
assert isoclean.tally("a b a")["a"] == 2
lo = isoclean.Tally(lower=True)
lo.feed("Don't DON'T don't Déjà déjà")
assert lo["don't"] == 3 and lo["déjà"] == 2, dict(lo)
try:
    t.feed(b"bytes")
except isoclean.TallyError as e:
    assert "needs str" in str(e)
else:
    raise AssertionError
assert issubclass(isoclean.TallyError, ValueError)
for bad, exc in ((lambda: t.feed(), TypeError), (lambda: t.feed("a", "b"), TypeError),
                 (lambda: isoclean.TallyIter(), TypeError), (lambda: isoclean.Tally(True), TypeError)):
    try:
        bad()
    except exc:
        pass
    else:
        raise AssertionError(exc)
if sys.version_info >= (3, 10):
    try:
        isoclean.Tally.extra = 1
    except TypeError:
        pass
    else:
        raise AssertionError("Tally must be immutable")

class Loud(isoclean.Tally):
    def shout(self):
        return [w.upper() for w, _ in self.most_common(2)]
l = Loud()
l.feed("x y y z z z")
assert l.shout() == ["Z", "Y"] and sorted(l) == [("x", 1), ("y", 2), ("z", 3)]
try:
    l.feed(3)
except isoclean.TallyError:
    pass
else:
    raise AssertionError

# a second module object from the same def has its own types and state
spec = importlib.util.find_spec("isoclean")
m2 = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m2)
assert m2.Tally is not isoclean.Tally and m2.TallyError is not isoclean.TallyError
assert m2.state_id() != isoclean.state_id()
t2 = m2.Tally()
try:
    t2.feed(1)
except m2.TallyError:
    pass
else:
    raise AssertionError
assert t2.feed("one two") == 2

# GC: cycles through instances and through the module's types are collectable
l.me = l
wl = weakref.ref(l)
w = weakref.ref(m2)
del l, m2, t2
gc.collect()
assert wl() is None and w() is None
print("smoke ok")
