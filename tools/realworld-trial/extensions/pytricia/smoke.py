# Our own smoke test: a PyTricia trie: insert, longest match, parent/children, iteration, delete, errors.
import pytricia
t = pytricia.PyTricia()
t['10.0.0.0/8'] = 'a'
t.insert('10.1.0.0/16', 'b')
t['10.1.2.0/24'] = 'c'
assert t['10.1.2.3'] == 'c' and t.get_key('10.1.5.5') == '10.1.0.0/16'
assert t.parent('10.1.2.0/24') == '10.1.0.0/16'
assert sorted(t.children('10.0.0.0/8')) == ['10.1.0.0/16', '10.1.2.0/24']
assert sorted(t) == ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24'] and len(t) == 3
assert '10.9.9.9' in t and not t.has_key('10.9.9.9/32')
del t['10.1.0.0/16']
assert t.get('10.1.5.5') == 'a'
t6 = pytricia.PyTricia(128)
t6['2001:db8::/32'] = 1
assert t6['2001:db8::5'] == 1
try:
    t['192.168.0.1']
except KeyError:
    pass
else:
    raise AssertionError('no KeyError')
import gc; del t, t6; gc.collect()
