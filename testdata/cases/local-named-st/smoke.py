import os
import tempfile

import fstat

d = tempfile.mkdtemp()
p = os.path.join(d, "data.bin")
with open(p, "wb") as f:
    f.write(b"x" * 123)
assert fstat.size(p) == 123
assert fstat.kind(p) == "file"
assert fstat.kind(d) == "dir"
assert fstat.kinds() == ("file", "dir", "other")
os.utime(p, (1000, 1000))
q = os.path.join(d, "other.bin")
open(q, "wb").close()
os.utime(q, (2000, 2000))
assert fstat.mtime(p) == 1000
assert fstat.newer(q, p) is True and fstat.newer(p, q) is False
os.remove(q)
e = fstat.Entry(p)
assert e.summary() == (-1, 3)
assert e.refresh() == 123
with open(p, "ab") as f:
    f.write(b"y")
assert e.refresh() == 124
class Sub(fstat.Entry):
    pass
assert Sub(p).refresh() == 124
try:
    fstat.Entry(os.path.join(d, "missing")).refresh()
except fstat.error:
    pass
else:
    raise AssertionError("missing file")
try:
    fstat.size(d)
except fstat.error as e:
    assert "not a regular file" in str(e)
else:
    raise AssertionError("a directory has no size here")
try:
    fstat.size(os.path.join(d, "missing"))
except fstat.error as e:
    assert isinstance(e, OSError) and e.errno is not None
else:
    raise AssertionError("missing file")
os.remove(p)
os.rmdir(d)
print("smoke ok")
