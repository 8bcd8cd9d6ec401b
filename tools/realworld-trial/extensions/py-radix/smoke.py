# Our own smoke test: the C Radix tree: add, exact/best/worst/covered search, nodes, iteration, delete.
from radix._radix import Radix
r = Radix()
n = r.add('10.0.0.0/8')
n.data['name'] = 'ten'
r.add('10.1.0.0/16')
r.add(network='10.1.2.0', masklen=24)
r.add('2001:db8::/32')
assert r.search_exact('10.0.0.0/8').data['name'] == 'ten'
assert r.search_best('10.1.2.3').prefix == '10.1.2.0/24'
assert r.search_worst('10.1.2.3').prefix == '10.0.0.0/8'
assert sorted(x.prefix for x in r.search_covered('10.0.0.0/8')) == ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24']
assert sorted(r.prefixes()) == ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '2001:db8::/32']
assert len(list(r)) == 4 and len(r.nodes()) == 4
assert r.search_best('2001:db8::1').family == 10
r.delete('10.1.0.0/16')
assert r.search_exact('10.1.0.0/16') is None
try:
    r.delete('192.168.0.0/16')
except KeyError:
    pass
else:
    raise AssertionError('deleted a missing prefix')
try:
    r.add('not an address')
except ValueError:
    pass
else:
    raise AssertionError('bad prefix accepted')
import gc; del r, n; gc.collect()
