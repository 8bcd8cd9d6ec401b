import msrmod
assert msrmod.fold(0x1234) == (0x34 ^ (0x1234 >> 3) ^ 0x5, 3), msrmod.fold(0x1234)
assert msrmod.bucket(1) == (17, 10, 6)
assert msrmod.bucket(2) == (7, 0, 3)
assert msrmod.key() == "digest:6:90"
print("smoke ok")
