# Our own smoke test: round trips with and without padding, hex forms, rounds, and the errors.
import gc
import xxtea
key = b'0123456789abcdef'
for data in (b'', b'x', b'hello world', bytes(range(256)) * 3):
    enc = xxtea.encrypt(data, key)
    assert enc != data or not data
    assert xxtea.decrypt(enc, key) == data
    assert xxtea.decrypt_hex(xxtea.encrypt_hex(data, key), key) == data
enc = xxtea.encrypt(b'12345678', key, padding=False, rounds=32)
assert len(enc) == 8
assert xxtea.decrypt(enc, key, padding=False, rounds=32) == b'12345678'
assert xxtea.encrypt_hex(b'abc', key) == __import__('binascii').hexlify(xxtea.encrypt(b'abc', key))
for bad in ((b'data', b'short'), (b'1234567', key)):
    try:
        xxtea.encrypt(*bad, padding=bad[1] is not key)
    except ValueError as e:
        assert e.args
    else:
        raise AssertionError(bad)
try:
    xxtea.decrypt_hex(b'zz', key)
except Exception as e:
    assert e.args
assert isinstance(xxtea.VERSION, str)
gc.collect()
