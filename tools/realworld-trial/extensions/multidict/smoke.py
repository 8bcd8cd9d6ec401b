# Our own smoke test: the C multidicts, case-insensitive keys, proxies, views, istr and subclassing.
import gc
from multidict import _multidict as m
d = m.MultiDict([('a', 1), ('b', 2), ('a', 3)])
assert d['a'] == 1 and d.getall('a') == [1, 3] and len(d) == 3
d.add('c', 4)
d.extend(b=5)
assert list(d.keys()) == ['a', 'b', 'a', 'c', 'b']
assert d.popone('a') == 1 and d.getall('a') == [3]
assert ('b', 2) in d.items() and 4 in d.values()
ci = m.CIMultiDict(Content_Type='text/plain')
ci['X-Trial'] = 'yes'
assert ci['content_type'] == 'text/plain' and ci['x-trial'] == 'yes'
p = m.CIMultiDictProxy(ci)
assert p['X-TRIAL'] == 'yes' and p.copy() == ci
try:
    p['z'] = 1
except TypeError:
    pass
else:
    raise AssertionError("proxy is writable")
try:
    d['missing']
except KeyError:
    pass
else:
    raise AssertionError("no KeyError")
s = m.istr('Hello')
assert isinstance(s, str) and s == 'Hello'
class Sub(m.MultiDict):
    pass
x = Sub(a=1)
x.add('a', 2)
assert type(x.copy()) is Sub and x.getall('a') == [1, 2]
assert m.MultiDict(d) == d and m.getversion(d) != m.getversion(m.MultiDict())
del d, x, p, ci
gc.collect()
