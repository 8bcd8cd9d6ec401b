# Our own smoke test of the C distance functions on str, bytes, lists.
from distance import cdistance as d
assert d.hamming('abc', 'abd') == 1
assert d.levenshtein('kitten', 'sitting') == 3
assert d.levenshtein([1, 2, 3], [1, 3]) == 1
assert abs(d.nlevenshtein('ab', 'cd') - 1.0) < 1e-9
assert d.fast_comp('abc', 'abd') == 1
assert d.lcsubstrings('xabcy', 'zabcw') == {'abc'}
try:
    d.hamming('a', 'ab')
except ValueError:
    pass
else:
    raise AssertionError('unequal lengths accepted')
got = list(d.ilevenshtein('abc', ['abd', 'xyz', 'abc'], max_dist=1))
assert got == [(1, 'abd'), (0, 'abc')], got
assert [s for _, s in d.ifast_comp('abc', ['abd', 'xyz'])] == ['abd']
