# Our own smoke test: sending to the journal (no journald here: an OSError is fine), argument errors.
from systemd import _journal as j
for call in (lambda: j.sendv('MESSAGE=trial', 'PRIORITY=6'), lambda: j.stream_fd('trial', 6, False)):
    try:
        call()
    except OSError:
        pass
try:
    j.sendv(1)
except TypeError:
    pass
else:
    raise AssertionError("no TypeError")
