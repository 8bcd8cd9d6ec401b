# Our own smoke test: AES ECB and CBC round trips through the C cipher objects.
from Crypto.Cipher import _AES
key = bytes(range(16))
c = _AES.new(key, _AES.MODE_ECB)
block = b'0123456789abcdef'
enc = c.encrypt(block)
assert enc != block and _AES.new(key, _AES.MODE_ECB).decrypt(enc) == block
iv = bytes(16)
e2 = _AES.new(key, _AES.MODE_CBC, iv).encrypt(block * 4)
assert _AES.new(key, _AES.MODE_CBC, iv).decrypt(e2) == block * 4
assert _AES.block_size == 16
try:
    _AES.new(b'short', _AES.MODE_ECB)
except ValueError:
    pass
else:
    raise AssertionError('bad key accepted')
