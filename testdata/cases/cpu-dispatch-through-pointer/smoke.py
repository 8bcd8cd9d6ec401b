import sys
import crcdispatch


def reference(data, crc=0):
    crc ^= 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


samples = [b"", b"a", b"123456789", bytes(range(256)) * 2 + b"tail"]
assert crcdispatch.big_endian == (sys.byteorder == "big")
assert crcdispatch.implementation() == "slicing-by-8"
assert crcdispatch.crc32c(b"123456789") == 0xE3069283
for impl in ("bytewise", "slicing", "bytewise"):
    getattr(crcdispatch, "use_" + impl)()
    for data in samples:
        assert crcdispatch.crc32c(data) == reference(data), (impl, data)
        assert crcdispatch.crc32c(data[5:], crcdispatch.crc32c(data[:5])) == reference(data)
assert crcdispatch.implementation() == "bytewise"
crcdispatch.use_slicing()
assert crcdispatch.implementation() == "slicing-by-8"
print("smoke ok")
