# Our own smoke test: the HyperLogLog type, estimates, merge, pickle, subclassing, errors.
import gc, pickle
from HLL import HyperLogLog
h = HyperLogLog(12)
for i in range(20000):
    h.add('item-%d' % i)
c = h.cardinality()
assert 18000 < c < 22000, c
assert h.size() == 4096
g = HyperLogLog(12)
for i in range(10000, 30000):
    g.add('item-%d' % i)
h.merge(g)
assert 27000 < h.cardinality() < 33000
h2 = pickle.loads(pickle.dumps(h))
assert h2.cardinality() == h.cardinality() and h2.seed() == h.seed()
assert isinstance(h.hash('abc'), int)
class Sub(HyperLogLog):
    pass
s = Sub(10)
s.add('x')
assert s.cardinality() >= 1 and isinstance(s, HyperLogLog)
for bad in (1, 99):
    try:
        HyperLogLog(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)
try:
    h.merge(HyperLogLog(10))
except ValueError:
    pass
else:
    raise AssertionError('merge of different p')
del h, g, h2, s
gc.collect()
