# Our own smoke test: COBS/R round trips and the decode error.
from cobs.cobsr._cobsr_ext import encode, decode, DecodeError
for data in (b'', b'\x00', b'abc\x00def', bytes(range(256)) * 3, b'\x11' * 300, b'12\x7f'):
    e = encode(data)
    assert b'\x00' not in e and decode(e) == data
try:
    decode(b'\x00')
except DecodeError:
    pass
else:
    raise AssertionError('zero byte accepted')
