import rlepack


def unpack(packed):
    out = bytearray()
    for i in range(0, len(packed), 2):
        out += bytes([packed[i + 1]]) * packed[i]
    return bytes(out)


data = b"a" * 300 + b"bc" + b"d" * 20
assert unpack(rlepack.pack(data)) == data
assert rlepack.pack(b"a" * 300)[:2] == bytes([255, ord("a")])
assert rlepack.pack(b"a" * 20, 3) == bytes([15, ord("a"), 5, ord("a")])
rlepack.set_max_run(3, 4)
assert rlepack.pack(b"a" * 9, 3) == bytes([4, 97, 4, 97, 1, 97])
assert unpack(rlepack.pack(data, 2)) == data
assert rlepack.live() == 0, rlepack.live()
assert rlepack.weight(b"\x00\x01\x02\x03") == 10
assert rlepack.weight(b"\x00\x00", 1) == 8
rlepack.set_weight(0, 0, 100)
assert rlepack.weight(b"\x00\x01") == 102
try:
    rlepack.pack(b"x", 4)
except ValueError:
    pass
else:
    raise AssertionError("no ValueError")
print("smoke ok")
