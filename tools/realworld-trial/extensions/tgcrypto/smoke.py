# Our own smoke test: each mode decrypts what it encrypts (no reference vectors).
# Fresh IV objects for every call: the CBC and CTR functions update the IV buffer they are given.
import os, tgcrypto
key = bytes(range(32))
def iv(n, start=7):
    return bytearray(range(start, start + n))
data = os.urandom(1024)
assert tgcrypto.ige256_decrypt(tgcrypto.ige256_encrypt(data, key, iv(32)), key, iv(32)) == data
assert tgcrypto.cbc256_decrypt(tgcrypto.cbc256_encrypt(data, key, iv(16)), key, iv(16)) == data
enc = tgcrypto.ctr256_encrypt(data, key, iv(16), bytearray(1))
assert tgcrypto.ctr256_decrypt(enc, key, iv(16), bytearray(1)) == data and enc != data
try:
    tgcrypto.ige256_encrypt(b'x' * 15, key, iv(32))
except ValueError:
    pass
else:
    raise AssertionError('bad length accepted')
