# Our own smoke test of the C Map (imported directly: the package falls back to Python silently).
from immutables._map import Map
import pickle
m = Map(a=1, b=2)
m2 = m.set('c', 3).delete('a')
assert dict(m2) == {'b': 2, 'c': 3} and dict(m) == {'a': 1, 'b': 2}
assert m2['c'] == 3 and 'a' not in m2 and len(m2) == 2
with m2.mutate() as mm:
    mm['x'] = 10
    del mm['b']
    m3 = mm.finish()
assert dict(m3) == {'c': 3, 'x': 10}
big = Map()
for i in range(2000):
    big = big.set(str(i), i)
assert len(big) == 2000 and big['1999'] == 1999 and hash(big) == hash(Map({str(i): i for i in range(2000)}))
assert sorted(big.keys())[:2] == ['0', '1'] and sum(big.values()) == sum(range(2000))
assert pickle.loads(pickle.dumps(m2)) == m2
assert m.update({'z': 0}) == Map(a=1, b=2, z=0)
class K:
    def __hash__(self): return 1
    def __eq__(self, o): return self is o
k1, k2 = K(), K()
c = Map({k1: 1, k2: 2})
assert c[k1] == 1 and c[k2] == 2
assert 'Map' in repr(m) and Map[int, str] is not None
