import rlepack
import rlestream
assert rlestream.unpack(rlepack.pack(b"aaab")) == b"aaab"
assert rlestream.repack(3, 97) == b"\x03a"
for bad in (b"\x00a", b"abc"):
    try:
        rlestream.unpack(bad)
    except rlepack.RleError:
        pass
    else:
        raise AssertionError("no RleError for %r" % bad)
try:
    rlestream.repack(0, 97)
except rlepack.RleError as e:
    assert "0" in str(e)
else:
    raise AssertionError("no RleError")
print("smoke ok")
