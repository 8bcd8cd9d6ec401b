# Our own smoke test: build an automaton, search, trie queries, pickling, errors, gc.
import gc, pickle
import ahocorasick
A = ahocorasick.Automaton()
for i, w in enumerate(['he', 'she', 'his', 'hers']):
    A.add_word(w, (i, w))
assert len(A) == 4 and 'she' in A and 'her' not in A
assert A.get('his') == (2, 'his') and A.get('nope', None) is None
assert A.kind == ahocorasick.TRIE
A.make_automaton()
assert A.kind == ahocorasick.AHOCORASICK
found = [(end, val[1]) for end, val in A.iter('ushers')]
assert found == [(3, 'she'), (3, 'he'), (5, 'hers')], found
assert sorted(A.keys()) == ['he', 'hers', 'his', 'she']
assert sorted(A.keys('h')) == ['he', 'hers', 'his']
assert list(A.iter_long('ushers')) == [(5, (3, 'hers'))] or list(A.iter_long('ushers'))
B = pickle.loads(pickle.dumps(A))
assert [v for _, v in B.iter('his')] == [(2, 'his')]
C = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
C.add_word('abc')
assert C.get('abc') == 3
try:
    A.get('missing')
except KeyError:
    pass
else:
    raise AssertionError('KeyError expected')
try:
    ahocorasick.Automaton(12345)
except ValueError:
    pass
try:
    class Sub(ahocorasick.Automaton):  # not a base type
        pass
except TypeError:
    pass
s = ahocorasick.Automaton()
s.add_word('x', s)  # a cycle through a stored value
del s, A, B
gc.collect()
assert ahocorasick.unicode == 1
