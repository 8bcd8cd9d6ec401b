import crcslice


def reference(data, crc=0):
    crc ^= 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


assert crcslice.tables_built == 1
assert crcslice.crc32c(b"123456789") == 0xE3069283, hex(crcslice.crc32c(b"123456789"))
for data in (b"", b"a", b"abc", bytes(range(256)) * 3 + b"xyz"):
    assert crcslice.crc32c(data) == reference(data), data
    assert crcslice.crc32c(data[3:], crcslice.crc32c(data[:3])) == reference(data)
assert crcslice.table_entry(0, 1) == reference(b"\x01", 0xFFFFFFFF) ^ 0xFFFFFFFF
assert crcslice.distance(b"\x00\xff", b"\x0f\xff") == 4
assert crcslice.distance(b"\x00\xff", b"\x0f\xff", True) == 12
try:
    crcslice.table_entry(4, 0)
except IndexError:
    pass
else:
    raise AssertionError("no IndexError")
assert crcslice.distance.__doc__.startswith("count_distance(a, b"), crcslice.distance.__doc__
print("smoke ok")
