import _sum8

h = _sum8.new(b"abc")
assert h.digest() == (97 + 98 + 99) & 0xFF, h.digest()
assert _sum8.new().digest() == 0
assert _sum8.digest_size == 1
assert type(h).__name__ == "_sum8"
