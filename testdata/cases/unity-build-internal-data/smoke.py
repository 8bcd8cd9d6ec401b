import blobkit

assert blobkit.__version__ == "1.2"

before = blobkit.stats()["allocs"]
r = blobkit.Reader(b"hello world")
assert blobkit.stats()["allocs"] == before + 1
assert r.read(5) == b"hello"
rest = r.rest()
assert type(rest) is blobkit.Reader
assert rest.read(-1) == b" world"
assert r.read(100) == b" world" and r.read(1) == b""
assert blobkit.stats()["allocs"] == before + 2
blobkit.fail_after(0)
try:
    blobkit.Reader(b"x")
except MemoryError:
    pass
else:
    raise AssertionError("no MemoryError")
blobkit.fail_after(-1)
assert blobkit.Reader(b"x").read(1) == b"x"
print("smoke ok")
