# Our own smoke test: the C matcher agrees with difflib's on a few inputs.
import difflib
from cdifflib import CSequenceMatcher
import _cdifflib
pairs = [('abcdefg', 'abxdefyg'), ('a' * 50 + 'b', 'b' + 'a' * 50), (list('hello world'), list('yellow word')), ('', 'abc')]
for a, b in pairs:
    c = CSequenceMatcher(None, a, b)
    d = difflib.SequenceMatcher(None, a, b)
    assert c.get_opcodes() == d.get_opcodes(), (a, b)
    assert abs(c.ratio() - d.ratio()) < 1e-12
m = CSequenceMatcher(lambda x: x == ' ', 'private Thread currentThread;', 'private volatile Thread currentThread;')
assert list(m.get_matching_blocks())[-1][2] == 0  # cdifflib returns a map here
try:
    _cdifflib.find_longest_match(None, 0, 1, 0, 1)
except Exception:
    pass
