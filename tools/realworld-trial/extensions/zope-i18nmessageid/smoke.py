# Our own smoke test: the C Message type (str subclass with read-only attributes), subclassing, pickling.
import pickle
from zope.i18nmessageid._zope_i18nmessageid_message import Message
m = Message('hello', domain='dom', default='Hi', mapping={'a': 1})
assert m == 'hello' and m.domain == 'dom' and m.default == 'Hi' and m.mapping == {'a': 1}
try:
    m.domain = 'x'
except (TypeError, AttributeError):
    pass
else:
    raise AssertionError('domain writable')
m2 = Message(m)
assert m2.domain == 'dom' and m2.default == 'Hi'
m3 = Message(m, mapping={'b': 2})
assert m3.mapping == {'b': 2} and m3.domain == 'dom'
r = pickle.loads(pickle.dumps(m))
assert r == m and r.domain == 'dom'
class Sub(Message):
    pass
s = Sub('x', domain='d')
assert isinstance(s, Message) and s.domain == 'd'
import gc; gc.collect()
