import _xor8

h = _xor8.new(b"abc")
assert h.digest() == 97 ^ 98 ^ 99, h.digest()
assert _xor8.digest_size == 1
assert type(h).__name__ == "_xor8"
