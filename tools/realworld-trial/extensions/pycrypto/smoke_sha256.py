# Our own smoke test: the C SHA-256 agrees with hashlib.
import hashlib
from Crypto.Hash import _SHA256
h = _SHA256.new(b'abc')
h.update(b'def')
assert h.hexdigest() == hashlib.sha256(b'abcdef').hexdigest()
c = h.copy(); c.update(b'!')
assert c.digest() == hashlib.sha256(b'abcdef!').digest()
assert _SHA256.digest_size == 32
