# Our own smoke test: round trips of builtins, Struct subclasses (the metaclass), registries,
# the encoder and decoder objects, and errors.
import gc
import quickle


class Point(quickle.Struct):
    x: int
    y: int = 0


class Point3(Point):
    z: int = 0


p = Point(1, 2)
assert p == Point(1, 2) and p != Point(2, 1)
assert repr(p) == 'Point(x=1, y=2)'
assert Point3(1, 2, 3).z == 3
assert Point.__struct_fields__ == ('x', 'y')
values = [None, True, 1, 2 ** 70, 1.5, 'str', b'bytes', bytearray(b'ba'), (1, 2),
          [1, [2]], {'a': {1, 2}}, frozenset({3}), complex(1, 2)]
for v in values:
    assert quickle.loads(quickle.dumps(v)) == v, v
enc = quickle.Encoder(registry=[Point, Point3])
dec = quickle.Decoder(registry=[Point, Point3])
buf = enc.dumps([Point(1), Point3(1, 2, 3)])
assert dec.loads(buf) == [Point(1), Point3(1, 2, 3)]
try:
    quickle.dumps(Point(1))
except quickle.EncodingError:
    pass
else:
    raise AssertionError('unregistered struct encoded')
try:
    quickle.loads(b'\x00garbage')
except quickle.DecodingError:
    pass
else:
    raise AssertionError('garbage decoded')
try:
    Point()
except TypeError:
    pass
else:
    raise AssertionError('missing field accepted')
gc.collect()
