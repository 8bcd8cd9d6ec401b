# Our own smoke test: Deflate64 round trip through the C Deflater/Inflater.
import os
from inflate64._inflate64 import Deflater, Inflater
data = os.urandom(5000) + b'abc' * 50000
d = Deflater()
comp = d.deflate(data) + d.flush()
assert len(comp) < len(data)
i = Inflater()
out = b''
for k in range(0, len(comp), 777):
    out += i.inflate(comp[k:k + 777])
assert out == data and i.eof
