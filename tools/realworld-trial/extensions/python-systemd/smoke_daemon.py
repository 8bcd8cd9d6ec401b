# Our own smoke test: the sd-daemon helpers on a socket and a pipe we make here.
import os
import socket
from systemd import _daemon as d
assert d.booted() in (True, False)
assert d._listen_fds() == 0
assert d.notify('READY=1') is False or d.notify('READY=1') in (True, False)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
assert d._is_socket(s.fileno()) and d._is_socket_unix(s.fileno())
assert not d._is_socket_inet(s.fileno())
rd, wr = os.pipe()
assert d._is_fifo(rd) and not d._is_socket(rd)
for fd in (rd, wr):
    os.close(fd)
s.close()
try:
    d._is_socket(rd)
except OSError:
    pass
else:
    raise AssertionError("no OSError for a closed descriptor")
