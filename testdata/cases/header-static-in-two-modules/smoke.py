import rlepack
assert rlepack.pack(b"aaab") == b"\x03a\x01b"
assert rlepack.pack(b"") == b""
assert rlepack.pack(b"x" * 300) == b"\xffx" + bytes([45]) + b"x"
rlepack.check_run(1)
try:
    rlepack.check_run(256)
except rlepack.RleError as e:
    assert "256" in str(e)
else:
    raise AssertionError("no RleError")
assert issubclass(rlepack.RleError, ValueError)
print("smoke ok")
