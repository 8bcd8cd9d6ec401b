# Our own smoke test: hash functions and the hasher types, checked for consistency only.
import mmh3
assert mmh3.hash('foo') == mmh3.hash(b'foo')
assert mmh3.hash('foo', 1) != mmh3.hash('foo', 2)
assert isinstance(mmh3.hash128('foo'), int)
assert len(mmh3.hash_bytes('foo')) == 16
a, b = mmh3.hash64('foo')
assert isinstance(a, int)
h = mmh3.mmh3_32()
h.update(b'fo'); h.update(b'o')
assert h.sintdigest() == mmh3.hash(b'foo')
h2 = mmh3.mmh3_x64_128(seed=3)
h2.update(b'hello')
c = h2.copy()
assert c.digest() == h2.digest() and len(c.digest()) == 16 and c.uintdigest() == int.from_bytes(c.digest(), "little")
h3 = mmh3.mmh3_x86_128()
h3.update(b'x' * 1000)
assert len(h3.digest()) == 16
assert mmh3.mmh3_32_digest(b'foo') == mmh3.hash(b'foo').to_bytes(4, 'little', signed=True)
