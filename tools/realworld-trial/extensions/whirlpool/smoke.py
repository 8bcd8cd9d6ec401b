# Our own smoke test of the whirlpool hash type (consistency only).
import whirlpool
h = whirlpool.new(b'abc')
h.update(b'def')
assert h.digest() == whirlpool.new(b'abcdef').digest()
assert len(h.digest()) == 64 and len(h.hexdigest()) == 128
c = h.copy(); c.update(b'!')
assert c.digest() != h.digest()
assert isinstance(h.digest_size, int) and isinstance(h.block_size, int) and isinstance(h.name, str)
assert whirlpool.new().hexdigest() != whirlpool.new(b'x').hexdigest()
