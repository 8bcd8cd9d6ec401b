# Our own smoke test of acquisition wrappers (needs ExtensionClass installed).
from Acquisition._Acquisition import Implicit, Explicit, aq_base, aq_parent, aq_chain, aq_acquire
class Node(Implicit):
    pass
root = Node(); root.color = 'red'
root.child = Node()
c = root.child
assert c.color == 'red'
assert aq_parent(c) is root and aq_base(c) is root.__dict__['child']
assert len(aq_chain(c)) == 2
class E(Explicit):
    pass
root.e = E()
assert root.e.aq_acquire('color') == 'red'
try:
    root.e.color
except AttributeError:
    pass
else:
    raise AssertionError('explicit acquired implicitly')
assert aq_acquire(c, 'color') == 'red'
