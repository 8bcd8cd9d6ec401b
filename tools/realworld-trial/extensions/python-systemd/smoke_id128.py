# Our own smoke test: random IDs, the module's message-ID constants, machine ID where the host has one.
import uuid
from systemd import id128
a, b = id128.randomize(), id128.randomize()
assert isinstance(a, uuid.UUID) and a != b
assert isinstance(id128.SD_MESSAGE_JOURNAL_START, uuid.UUID)
try:
    assert isinstance(id128.get_machine(), uuid.UUID)
except OSError:
    pass
try:
    id128.get_machine_app_specific('not a uuid')
except (TypeError, AttributeError, ValueError, OSError):
    pass
else:
    raise AssertionError("no error")
