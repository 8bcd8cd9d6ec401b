import dist
assert dist.hamming(b"karolin", b"kathrin") == 3
assert dist.__doc__.startswith("Distances between byte strings.")
try:
    dist.hamming(b"a", b"ab")
except dist.LengthError as e:
    assert isinstance(e, ValueError) and "equal lengths" in str(e)
else:
    raise AssertionError("no LengthError")
print("smoke ok")
