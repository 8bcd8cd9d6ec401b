# Our own smoke test of the whirlpool hash type (consistency only).
import whirlpool
h = whirlpool.new(b'abc')
h.update(b'def')
assert h.digest() == whirlpool.new(b'abcdef').digest()
assert len(h.digest()) == 64 and len(h.hexdigest()) == 128
c = h.copy(); c.update(b'!')
assert c.digest() != h.digest()
assert h.digest_size == 64 and h.name == 'whirlpool'
assert whirlpool.new().hexdigest() != whirlpool.new(b'x').hexdigest()
