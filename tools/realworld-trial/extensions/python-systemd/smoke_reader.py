# Our own smoke test: open the (here empty) journal, match, seek, read nothing, the Monotonic struct sequence.
import gc
from systemd import _reader as r
with r._Reader() as j:
    j.add_match('MESSAGE_ID=0123456789abcdef0123456789abcdef')
    j.seek_head()
    assert not j._next()
    j.flush_matches()
try:
    r._Reader(flags=-1)
except (OSError, ValueError):
    pass
m = r.Monotonic((5, None))
assert m.timestamp == 5 and m[0] == 5
gc.collect()
