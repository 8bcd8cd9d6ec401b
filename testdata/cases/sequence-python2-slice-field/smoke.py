import bufs

b = bufs.Buf()
assert len(b) == 8
assert b[1] == b"b" and b[-1] == b"h"
assert b[2:5] == b"cde"
print("smoke ok")
