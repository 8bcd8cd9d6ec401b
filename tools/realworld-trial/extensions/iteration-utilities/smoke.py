# Our own smoke test: a dozen of the module's iterator types and functions, the Placeholder singleton with partial,
# subclassing a type, errors, gc.
import gc, operator
from iteration_utilities import _iteration_utilities as iu
assert list(iu.accumulate([1, 2, 3, 4])) == [1, 3, 6, 10]
assert iu.all_distinct([1, 2, 3]) and not iu.all_distinct([1, 1])
assert iu.all_equal([5, 5, 5]) and iu.all_monotone([1, 2, 3])
assert list(iu.unique_everseen([1, 2, 1, 3, 2])) == [1, 2, 3]
assert list(iu.unique_justseen('aabbcca')) == ['a', 'b', 'c', 'a']
assert list(iu.deepflatten([[1, [2, 3]], [4]])) == [1, 2, 3, 4]
assert list(iu.grouper(range(5), 2)) == [(0, 1), (2, 3), (4,)]
assert list(iu.intersperse([1, 2, 3], 0)) == [1, 0, 2, 0, 3]
assert list(iu.successive([1, 2, 3, 4], 2)) == [(1, 2), (2, 3), (3, 4)]
assert list(iu.roundrobin([1, 2], [3, 4, 5])) == [1, 3, 2, 4, 5]
assert iu.minmax([3, 1, 4, 1, 5]) == (1, 5)
assert iu.argmin([3, 1, 2]) == 1 and iu.argmax([3, 1, 2]) == 0
assert iu.one([7]) == 7
assert iu.groupedby(['a', 'bb', 'cc'], len) == {1: ['a'], 2: ['bb', 'cc']}
assert iu.partition(range(5), lambda x: x % 2) == ([0, 2, 4], [1, 3])
ch = iu.chained(abs, str)
assert ch(-3) == '3'
f = iu.flip(operator.sub)
assert f(1, 10) == 9
assert iu.complement(bool)(0) is True
assert iu.constant(4)(1, 2, x=3) == 4
p = iu.partial(operator.sub, iu.Placeholder, 1)
assert p(10) == 9 and iu.partial._ is iu.Placeholder
assert repr(iu.Placeholder) == '_' and type(iu.Placeholder)() is iu.Placeholder
s = iu.Seen()
assert not s.contains_add(1) and s.contains_add(1) and len(s) == 1
assert list(iu.empty) == []
class MyAcc(iu.accumulate):
    pass
assert list(MyAcc([1, 1])) == [1, 2]
try:
    iu.one([1, 2])
except ValueError:
    pass
else:
    raise AssertionError('one of two')
try:
    iu.argmin([])
except ValueError:
    pass
else:
    raise AssertionError('argmin of nothing')
assert iu.count_items([1, 2, 3], lambda x: x > 1) == 2
assert iu.dotproduct([1, 2], [3, 4]) == 11
assert list(iu.replicate([1, 2], 2)) == [1, 1, 2, 2]
gc.collect()
