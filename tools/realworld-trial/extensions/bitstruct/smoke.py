# Our own smoke test: pack/unpack round trips, compiled formats, byteswap and errors.
import bitstruct.c as bs
data = bs.pack('u1u3u4s16', 1, 2, 3, -4)
assert bs.unpack('u1u3u4s16', data) == (1, 2, 3, -4)
assert bs.calcsize('u1u3u4s16') == 24
cf = bs.compile('u8f32b1t16', names=None)
packed = cf.pack(200, 1.5, True, 'hi')
assert cf.unpack(packed) == (200, 1.5, True, 'hi')
cd = bs.compile('u4u4', names=['a', 'b'])
assert cd.unpack(cd.pack({'a': 1, 'b': 2})) == {'a': 1, 'b': 2}
assert bs.byteswap('24', b'\x01\x02\x03\x04\x05\x06') == b'\x02\x01\x06\x05\x04\x03'
buf = bytearray(4)
bs.pack_into('u8u8', buf, 8, 7, 9)
assert bs.unpack_from('u8u8', buf, 8) == (7, 9)
try:
    bs.pack('u8', 256)
except Exception:
    pass
else:
    raise AssertionError('no overflow error')
try:
    bs.compile('x?')
except Exception:
    pass
else:
    raise AssertionError('bad format accepted')
