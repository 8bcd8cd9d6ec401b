import rlestream
assert rlestream.unpack(b"\x03a\x01b") == b"aaab"
assert rlestream.repack(3, 97) == b"\x03a"
assert issubclass(rlestream.RleError, ValueError)
for bad in (b"\x00a", b"abc"):
    try:
        rlestream.unpack(bad)
    except rlestream.RleError:
        pass
    else:
        raise AssertionError("no RleError for %r" % bad)
try:
    rlestream.repack(0, 97)
except rlestream.RleError as e:
    assert "0" in str(e)
else:
    raise AssertionError("no RleError")
print("smoke ok")
