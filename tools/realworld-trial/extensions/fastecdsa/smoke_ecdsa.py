# Our own smoke test: an ECDSA sign/verify round trip on P-256 (public key computed here in Python).
import fastecdsa._ecdsa as ec
p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
a = -3 % p
b = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b
q = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551
gx = 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296
gy = 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5
P = [str(v) for v in (p, a, b, q, gx, gy)]

def add(P1, P2):
    if P1 is None: return P2
    if P2 is None: return P1
    (x1, y1), (x2, y2) = P1, P2
    if x1 == x2 and (y1 + y2) % p == 0: return None
    if P1 == P2: l = (3 * x1 * x1 + a) * pow(2 * y1, -1, p) % p
    else: l = (y2 - y1) * pow(x2 - x1, -1, p) % p
    x3 = (l * l - x1 - x2) % p
    return x3, (l * (x1 - x3) - y1) % p

def mul(k, Pt):
    R = None
    while k:
        if k & 1: R = add(R, Pt)
        Pt = add(Pt, Pt); k >>= 1
    return R

d = 0xc9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721
qx, qy = mul(d, (gx, gy))
msg = str(0x1234567890abcdef)
r, s = ec.sign(msg, str(d), '4242424242', *P)
assert 0 < int(r) < q and 0 < int(s) < q
assert ec.verify(r, s, msg, str(qx), str(qy), *P) is True
assert ec.verify(r, s, str(int(msg) + 1), str(qx), str(qy), *P) is False
