# Our own smoke test of the xor helpers.
from Crypto.Util import strxor
assert strxor.strxor(b'ab', b'\x01\x01') == b'`c'
assert strxor.strxor_c(b'ab', 1) == b'`c'
try:
    strxor.strxor(b'a', b'ab')
except ValueError:
    pass
else:
    raise AssertionError('length mismatch accepted')
