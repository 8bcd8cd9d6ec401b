import wsspeedups

assert wsspeedups.xor_mask(b"\x01\x02\x03\x04", b"\x00\x00\x00\x00\x01") == b"\x01\x02\x03\x04\x00"
assert wsspeedups.xor_mask(b"abcd", b"") == b""
try:
    wsspeedups.xor_mask(b"abc", b"x")
except ValueError:
    pass
else:
    raise AssertionError("short mask accepted")
print("smoke ok")
