import gc
import legacyio

assert legacyio.__version__ == "2.1"
assert issubclass(legacyio.Error, OSError)
base = legacyio.stats()

s = legacyio.Stream(b"first line\nsecond")
assert legacyio.stats()["open"] == base["open"] + 1
assert s.readline() == b"first line\n" and s.tell() == 11
assert s.read() == b"second" and s.read() == b""
assert s.seek(0) == 0 and list(s) == [b"first line\n", b"second"]
assert s.seek(-6, 2) == 11 and s.read(3) == b"sec"
s.seek(0, 2)
assert s.write(b"\nthird\n") == 7
assert s.getvalue() == b"first line\nsecond\nthird\n"
assert legacyio.stats()["written"] == base["written"] + 7
s.seek(30)
s.write(b"!")
assert s.getvalue() == b"first line\nsecond\nthird\n" + b"\0" * 6 + b"!"

assert legacyio.Stream(b"").crc32() == "00000000"
assert legacyio.Stream(b"123456789").crc32() == "cbf43926"   # standard CRC-32 check value
assert legacyio.Stream(b"hello").crc32() == "3610a686"

try:
    s.seek(-100, 1)
except legacyio.Error as e:
    assert "negative seek position" in str(e) and "SEEK_CUR" in str(e)
else:
    raise AssertionError
assert "negative seek position" in legacyio.last_error()
try:
    s.seek(0, 7)
except legacyio.Error as e:
    assert "invalid whence" in str(e)
else:
    raise AssertionError
try:
    s.write("text")
except TypeError:
    pass
else:
    raise AssertionError

s.close()
s.close()
assert legacyio.stats()["open"] == base["open"]
try:
    s.read()
except legacyio.Error as e:
    assert str(e) == "I/O operation on closed stream"
else:
    raise AssertionError
assert list(s) == []
try:
    legacyio.raise_error("boom")
except legacyio.Error as e:
    assert str(e) == "boom"
else:
    raise AssertionError

t = legacyio.Stream()
assert t.read() == b"" and t.getvalue() == b""
del t
gc.collect()
assert legacyio.stats()["open"] == base["open"]
try:
    class S2(legacyio.Stream):
        pass
except TypeError:
    pass
else:
    raise AssertionError("Stream is not a base type")
print("smoke ok")
