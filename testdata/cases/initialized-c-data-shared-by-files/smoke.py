import lzpack

data = b"x" * 600 + b"yz"
packed = lzpack.pack(data)
assert packed == bytes([255, 120, 255, 120, 90, 120, 1, 121, 1, 122]), packed
assert lzpack.pack(b"") == b""
assert lzpack.scratch(1000) is True
print("smoke ok")
