# Our own smoke test: P-256 point arithmetic, 2G = G + G and the result lies on the curve.
import fastecdsa.curvemath as cm
p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
a = -3 % p
b = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b
q = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
gx = 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296
gy = 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5
P = [str(v) for v in (p, a, b, q, gx, gy)]
x2, y2 = cm.mul(str(gx), str(gy), '2', *P)
x3, y3 = cm.add(str(gx), str(gy), str(gx), str(gy), *P)
assert (int(x2), int(y2)) == (int(x3), int(y3))
assert (int(y2) ** 2 - int(x2) ** 3 - a * int(x2) - b) % p == 0
x5, y5 = cm.mul(str(gx), str(gy), '5', *P)
x4, y4 = cm.mul(x2, y2, '2', *P)
assert (x5, y5) == cm.add(x4, y4, str(gx), str(gy), *P)
try:
    cm.mul('1')
except TypeError:
    pass
else:
    raise AssertionError('wrong arity accepted')
