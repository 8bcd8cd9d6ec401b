import zlib

import checksum

for data in (b"", b"a", b"Wikipedia", bytes(range(256)) * 300):
    assert checksum.adler32(data) == zlib.adler32(data), data[:16]
print("smoke ok")
