import checksum
a = checksum.Adler32()
a.update(b"Wikipedia")
assert a.digest() == 0x11E60398, hex(a.digest())
checksum.verify(1, 1)
try:
    checksum.verify(1, 2)
except checksum.ChecksumError as e:
    assert "mismatch" in str(e)
else:
    raise AssertionError("no ChecksumError")
class Sub(checksum.Adler32):
    pass
s = Sub()
s.update(b"a")
assert s.digest() == 0x00620062
print("smoke ok")
