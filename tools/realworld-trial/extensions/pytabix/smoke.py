# Our own smoke test: a BGZF file and its tabix index written here (generic format, one
# sequence, one bin), then queries by name, by id and by region string, iteration, and errors.
import gc
import os
import struct
import tempfile
import zlib
import tabix


def bgzf_block(data):
    co = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = co.compress(data) + co.flush()
    size = 18 + len(raw) + 8
    head = struct.pack('<4BI2BH2BHH', 31, 139, 8, 4, 0, 0, 255, 6, 66, 67, 2, size - 1)
    return head + raw + struct.pack('<II', zlib.crc32(data), len(data))


def bgzf(data):
    return bgzf_block(data) + bgzf_block(b'')


rows = b'chr1\t100\t200\tA\nchr1\t300\t400\tB\nchr1\t5000\t5100\tC\n'
index = b'TBI\x01' + struct.pack('<i', 1)
index += struct.pack('<6i', 0, 1, 2, 3, ord('#'), 0)
index += struct.pack('<i', 5) + b'chr1\x00'
index += struct.pack('<i', 1)                      # one bin
index += struct.pack('<Ii', 4681, 1) + struct.pack('<QQ', 0, len(rows))
index += struct.pack('<i', 1) + struct.pack('<Q', 0)

d = tempfile.mkdtemp()
fn = os.path.join(d, 'x%d.tsv.gz' % id(d))
with open(fn, 'wb') as f:
    f.write(bgzf(rows))
with open(fn + '.tbi', 'wb') as f:
    f.write(bgzf(index))

tb = tabix.open(fn)
assert repr(tb).startswith('<tabix fn=')
got = list(tb.query('chr1', 150, 350))
assert got == [['chr1', '100', '200', 'A'], ['chr1', '300', '400', 'B']], got
assert [r[3] for r in tb.querys('chr1:1-6000')] == ['A', 'B', 'C']
assert [r[3] for r in tb.queryi(0, 4990, 5010)] == ['C']
it = tb.query('chr1', 1, 150)
assert next(it)[3] == 'A'
try:
    next(it)
except StopIteration:
    pass
else:
    raise AssertionError('iterator went on')
try:
    tb.query('chrZ', 1, 10)
except tabix.TabixError:
    pass
else:
    raise AssertionError('unknown sequence accepted')
try:
    tabix.open(os.path.join(d, 'missing.gz'))
except tabix.TabixError:
    pass
else:
    raise AssertionError('missing file opened')
assert issubclass(tabix.TabixError, Exception)
del tb, it
gc.collect()
os.unlink(fn)
os.unlink(fn + '.tbi')
os.rmdir(d)
