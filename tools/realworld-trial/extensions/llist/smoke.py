# Our own smoke test of both list types and their nodes.
import llist, gc
for L in (llist.dllist, llist.sllist):
    l = L([1, 2, 3])
    l.append(4); l.appendleft(0)
    assert list(l) == [0, 1, 2, 3, 4] and len(l) == 5
    assert l.first.value == 0 and l.last.value == 4
    assert l.pop() == 4 and l.popleft() == 0
    l.extend([5, 6]); l.remove(l.first)
    assert list(l) == [2, 3, 5, 6]
    assert l[1] == 3 and l == L([2, 3, 5, 6])
    assert list(reversed(list(l))) == [6, 5, 3, 2]
    l.rotate(1)
    assert list(l) == [6, 2, 3, 5]
    l.append(l)   # a cycle through a node
    del l; gc.collect()
n = llist.dllistnode(9)
assert n.value == 9 and n.next is None
assert isinstance(llist.sllist().first, type(None))
