# Our own smoke test of the C encoder/decoder: round trips of many value kinds, tags, errors.
import cbor2  # the package wires its encoders into the C module first
import _cbor2 as c, datetime, decimal, fractions, uuid, io, ipaddress
vals = [0, -1, 2**70, -2**70, 1.5, float('inf'), 'text', b'bytes', [1, [2, 3]], {'a': 1, 2: 'b'},
        True, None, decimal.Decimal('1.25'), fractions.Fraction(1, 3), uuid.UUID(int=5),
        datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc), set([1, 2]),
        ipaddress.ip_address('10.0.0.1')]
for v in vals:
    assert c.loads(c.dumps(v)) == v, v
t = c.CBORTag(4000, [1, 2])
assert c.loads(c.dumps(t)) == t
assert c.loads(c.dumps(c.undefined)) is c.undefined
buf = io.BytesIO()
c.CBOREncoder(buf).encode({'k': [1, 2]})
buf.seek(0)
assert c.CBORDecoder(buf).decode() == {'k': [1, 2]}
try:
    c.loads(b'\x9f')
except c.CBORDecodeError:
    pass
else:
    raise AssertionError('truncated input accepted')
shared = [1]
out = c.loads(c.dumps([shared, shared], value_sharing=True))
assert out[0] is out[1]
