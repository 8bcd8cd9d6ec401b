# Our own smoke test: the C CRC kernels against tables computed here and zlib's CRC-32.
import zlib
from crcmod import _crcfunext as f


def table(poly, width, reflected):
    out = []
    top = 1 << (width - 1)
    mask = (1 << width) - 1
    for i in range(256):
        if reflected:
            r = i
            for _ in range(8):
                r = (r >> 1) ^ poly if r & 1 else r >> 1
        else:
            r = i << (width - 8)
            for _ in range(8):
                r = ((r << 1) ^ poly) & mask if r & top else (r << 1) & mask
        out.append(r)
    return out


data = b'123456789' * 50
t32 = b''.join(v.to_bytes(4, 'little') for v in table(0xEDB88320, 32, True))
assert f._crc32r(data, 0xFFFFFFFF, t32) ^ 0xFFFFFFFF == zlib.crc32(data)
t8 = bytes(table(0x07, 8, False))
assert f._crc8(b'123456789', 0, t8) == 0xF4     # CRC-8 (poly 0x07) check value
t16 = b''.join(v.to_bytes(2, 'little') for v in table(0x1021, 16, False))
assert f._crc16(b'123456789', 0xFFFF, t16) == 0x29B1    # CRC-16/CCITT-FALSE check value
try:
    f._crc32r(data, 0, b'short table')
except ValueError:
    pass
else:
    raise AssertionError("no ValueError")
try:
    f._crc8(12345, 0, t8)
except TypeError:
    pass
else:
    raise AssertionError("no TypeError")
