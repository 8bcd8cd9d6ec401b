# Our own smoke test: the constants table and the feature probes; no SCTP socket is opened.
import gc
import socket
import _sctp

assert _sctp.getconstant('IPPROTO_SCTP') == 132
assert _sctp.getconstant('SOCK_STREAM') == socket.SOCK_STREAM
assert _sctp.getconstant('SOCK_SEQPACKET') == socket.SOCK_SEQPACKET
for probe in ('have_sctp_multibuf', 'have_sctp_noconnect', 'have_sctp_prsctp', 'have_sctp_setprimary'):
    assert getattr(_sctp, probe)() in (True, False, 0, 1)
try:
    _sctp.getconstant(1)
except TypeError:
    pass
else:
    raise AssertionError('an int is not a constant name')
try:
    _sctp.get_nodelay(-1)
except (OSError, IOError):
    pass
gc.collect()
