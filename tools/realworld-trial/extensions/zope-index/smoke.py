# Our own smoke test: the Okapi inner loop on plain dicts, and its argument errors.
from zope.index.text import okascore
result = {}
okascore.score(result, [(1, 3), (2, 1)], {1: 10, 2: 20}, 2.0, 15.0)
assert set(result) == {1, 2} and result[1] > result[2] > 0
try:
    okascore.score(result, [(1, 3)], {}, 2.0, 15.0)
except KeyError:
    pass
else:
    raise AssertionError("no error")
try:
    okascore.score()
except TypeError:
    pass
