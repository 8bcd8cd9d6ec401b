# Our own smoke test: pack/unpack, compiled formats (as a tuple and as a dict), byteswap, errors.
from cbitstruct._cbitstruct import pack, unpack, calcsize, byteswap, compile, pack_into, unpack_from
data = pack('u1u3u4s16', 1, 2, 3, -4)
assert unpack('u1u3u4s16', data) == (1, 2, 3, -4)
assert calcsize('u1u3u4s16') == 24
cf = compile('u8f32b1')
assert cf.unpack(cf.pack(200, 1.5, True)) == (200, 1.5, True)
assert cf.calcsize() == 41
cd = compile('u4u4', names=['a', 'b'])
assert cd.unpack(cd.pack({'a': 1, 'b': 2})) == {'a': 1, 'b': 2}
assert byteswap('24', b'\x01\x02\x03\x04\x05\x06') == b'\x02\x01\x06\x05\x04\x03'
buf = bytearray(4)
pack_into('u8u8', buf, 8, 7, 9)
assert unpack_from('u8u8', buf, 8) == (7, 9)
try:
    compile('x?')
except Exception:
    pass
else:
    raise AssertionError('bad format accepted')
import gc; del cf, cd; gc.collect()
