# Our own smoke test: ssdeep hashes of buffers, comparison, and the module's exception.
import pydeep
data = bytes(range(256)) * 64
h = pydeep.hash_buf(data)
assert isinstance(h, bytes) and h.count(b':') == 2
assert pydeep.hash_bytes(data) == h
assert pydeep.compare(h, h) == 100
h2 = pydeep.hash_buf(data[:-500] + b'x' * 500)
assert 0 <= pydeep.compare(h, h2) <= 100
assert issubclass(pydeep.error, Exception)
try:
    pydeep.hash_file('/nonexistent/pydeep-trial')
except (pydeep.error, IOError, OSError):
    pass
else:
    raise AssertionError("no error")
