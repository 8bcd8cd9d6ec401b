# Our own smoke test: the login lists (no logind here: OSError is fine) and the Monitor type.
from systemd import login
for f in (login.seats, login.sessions, login.machine_names, login.uids):
    try:
        assert isinstance(f(), list)
    except OSError:
        pass
try:
    m = login.Monitor()
except OSError:
    pass
else:
    assert m.fileno() >= 0
    m.close()
try:
    login.Monitor(category=5)
except (TypeError, OSError):
    pass
else:
    raise AssertionError("no error")
