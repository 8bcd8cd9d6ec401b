# Our own smoke test: an LRU mapping with eviction, stats, callback, subclassing and gc.
import gc
from lru import LRU
evicted = []
d = LRU(3, callback=lambda k, v: evicted.append((k, v)))
for i in range(5):
    d[i] = str(i)
assert d.keys() == [4, 3, 2], d.keys()
assert evicted == [(0, '0'), (1, '1')], evicted
assert d.get(2) == '2' and d.peek_first_item() == (2, '2')
assert d.get_size() == 3 and len(d) == 3 and 3 in d and 0 not in d
d.set_size(1)
assert d.items() == [(2, '2')]
assert d.pop(2) == '2' and len(d) == 0
try:
    d[99]
except KeyError:
    pass
else:
    raise AssertionError('KeyError expected')
hits, misses = d.get_stats()
assert hits >= 1 and misses >= 1, (hits, misses)
class Sub(LRU):
    pass
s = Sub(2)
s['a'] = s
s['b'] = [s]
del s
gc.collect()
try:
    LRU(0)
except ValueError:
    pass
else:
    raise AssertionError('ValueError expected')
