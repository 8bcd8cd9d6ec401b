import os, warnings
import checksum
import zlib
data = b"hello world" * 3
assert checksum.sum(data) == zlib.adler32(data), (checksum.sum(data), zlib.adler32(data))
assert checksum.sum_copy(data) == zlib.adler32(data)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    big = bytes(range(256)) * 2
    assert checksum.sum_copy(big) == zlib.adler32(big[:256])
    assert checksum.sum_copy(big) == zlib.adler32(big[:256])
    assert len(w) == 1, w
calls, free = checksum.stats()
assert calls == 4 and free == 1, (calls, free)
assert checksum.pid() == os.getpid()
checksum.set_limit(8)
assert checksum.sum_copy(data) == zlib.adler32(data[:8])
assert checksum.MAX_FREE == 4
print("smoke ok")
