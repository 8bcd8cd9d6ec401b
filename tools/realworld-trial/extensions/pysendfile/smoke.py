# Our own smoke test: copy a file into a socket pair with sendfile(), with an offset.
import os, socket, tempfile
from sendfile import sendfile

data = b'0123456789' * 1000
with tempfile.TemporaryFile() as f:
    f.write(data)
    f.flush()
    a, b = socket.socketpair()
    try:
        sent = sendfile(a.fileno(), f.fileno(), 10, 100)
        assert sent == 100, sent
        got = b.recv(200)
        assert got == data[10:110], got[:20]
    finally:
        a.close()
        b.close()
