import galois

# Products checked by hand against the field's polynomial x^8 + x^4 + x^3 + x^2 + 1.
assert galois.mul(2, 0x80) == 0x1d
assert galois.mul(0, 77) == 0 and galois.mul(1, 77) == 77
assert galois.mul(3, 7) == 9
for a in (1, 2, 3, 0x53, 0xca, 255):
    assert galois.mul(a, galois.inverse(a)) == 1, a
assert galois.scale(b"\x00\x01\x02\x80", 2) == b"\x00\x02\x04\x1d"
for bad in (256, -1):
    try:
        galois.mul(bad, 1)
    except galois.GaloisError as e:
        assert str(bad) in str(e)
    else:
        raise AssertionError("no GaloisError for %d" % bad)
try:
    galois.inverse(0)
except galois.GaloisError:
    pass
else:
    raise AssertionError("inverse(0) did not raise")
assert issubclass(galois.GaloisError, ValueError)
print("smoke ok")
