# Our own smoke test: digests against hashlib's SHA-3, copy, update, the Keccak variants, errors.
import hashlib
import _pysha3
for name in ('sha3_224', 'sha3_256', 'sha3_384', 'sha3_512'):
    h = getattr(_pysha3, name)(b'abc')
    assert h.hexdigest() == getattr(hashlib, name)(b'abc').hexdigest(), name
    c = h.copy()
    c.update(b'def')
    assert c.digest() == getattr(hashlib, name)(b'abcdef').digest()
s = _pysha3.shake_128(b'abc')
assert s.hexdigest(16) == hashlib.shake_128(b'abc').hexdigest(16)
k = _pysha3.keccak_256(b'')
assert k.hexdigest().startswith('c5d2460186f7233c'), k.hexdigest()
try:
    _pysha3.sha3_256('text')
except TypeError:
    pass
else:
    raise AssertionError('TypeError expected')
