# Our own smoke test: construction, bit operations, slicing, search, decode trees, iterators, buffer, subclassing.
from bitarray import bitarray, decodetree, get_default_endian
a = bitarray('1101001', endian='big')
assert len(a) == 7 and a.count(1) == 4 and a.endian == 'big'
a.append(1)
assert a.tobytes() == bytes([0b11010011])
b = ~a
assert (a & b).count() == 0 and (a | b).all()
assert a[1:4] == bitarray('101')
a[0:2] = bitarray('00')
assert a.to01() == '00010011'
assert list(a.search(bitarray('1'))) == [3, 6, 7]
assert a.index(1) == 3
assert [int(x) for x in a] == [0, 0, 0, 1, 0, 0, 1, 1]
c = bitarray(16)
c.setall(0)
c[3] = 1
assert c.find(1) == 3
assert (c << 2).find(1) == 1
m = memoryview(c)
assert m.nbytes == 2
code = {'x': bitarray('0'), 'y': bitarray('10'), 'z': bitarray('11')}
t = decodetree(code)
e = bitarray()
e.encode(code, 'xyzzx')
assert ''.join(e.decode(t)) == 'xyzzx'
class Mine(bitarray):
    pass
s = Mine('101')
assert isinstance(s, bitarray) and s.count() == 2 and type(s + s) is Mine
assert get_default_endian() in ('big', 'little')
try:
    bitarray('102')
except ValueError:
    pass
else:
    raise AssertionError('no error')
import gc
gc.collect()
