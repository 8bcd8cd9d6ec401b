# Our own smoke test: write a bigWig file (header, three kinds of entries), read it back (chroms,
# header, values, stats, intervals), and the errors.
import gc
import math
import os
import tempfile
import pyBigWig

d = tempfile.mkdtemp()
fn = os.path.join(d, 'x%d.bw' % id(d))
bw = pyBigWig.open(fn, 'w')
bw.addHeader([('chr1', 1000), ('chr2', 500)], maxZooms=0)
bw.addEntries(['chr1', 'chr1'], [0, 100], ends=[5, 120], values=[1.0, 2.5])
bw.addEntries('chr1', 200, values=[3.0, 4.0], span=10, step=20)
bw.addEntries('chr2', [10, 20], values=[7.0, 8.0], span=5)
bw.close()

bw = pyBigWig.open(fn)
assert bw.isBigWig() and not bw.isBigBed()
assert bw.chroms() == {'chr1': 1000, 'chr2': 500}
assert bw.chroms('chr2') == 500
assert bw.header()['nLevels'] == 0
v = bw.values('chr1', 0, 6)
assert v[:5] == [1.0] * 5 and math.isnan(v[5])
assert bw.intervals('chr1', 100, 130) == ((100, 120, 2.5),)
assert bw.stats('chr2', 0, 30, type='max') == [8.0]
assert bw.stats('chr1', 200, 230, type='mean', exact=True)[0] == 3.5
try:
    bw.values('chrX', 0, 10)
except RuntimeError:
    pass
else:
    raise AssertionError('unknown chromosome accepted')
bw.close()
try:
    pyBigWig.open(os.path.join(d, 'missing.bw'))
except RuntimeError:
    pass
else:
    raise AssertionError('missing file opened')
os.unlink(fn)
os.rmdir(d)
assert pyBigWig.numpy == 0
gc.collect()
