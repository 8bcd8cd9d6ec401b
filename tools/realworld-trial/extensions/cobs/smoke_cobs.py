# Our own smoke test: COBS round trips and the decode error.
from cobs.cobs._cobs_ext import encode, decode, DecodeError
for data in (b'', b'\x00', b'abc\x00def', bytes(range(256)) * 3, b'\x11' * 300):
    e = encode(data)
    assert b'\x00' not in e and decode(e) == data
try:
    decode(b'\x05ab')
except DecodeError:
    pass
else:
    raise AssertionError('truncated frame accepted')
assert issubclass(DecodeError, Exception)
