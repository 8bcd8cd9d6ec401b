import socket
import sockcheck
s = socket.socket()
try:
    assert sockcheck.is_socket(s)
finally:
    s.close()
assert not sockcheck.is_socket(3)
assert sockcheck.error_type() is OSError
print("smoke ok")
