# Our own smoke test: zip two files with a password, unzip them again.
import os, tempfile, pyminizip
d = tempfile.mkdtemp()
a, b = os.path.join(d, 'a.txt'), os.path.join(d, 'b.txt')
open(a, 'w').write('alpha' * 100)
open(b, 'w').write('beta')
z = os.path.join(d, 'one.zip')
pyminizip.compress(a, None, z, 'pw', 5)
zz = os.path.join(d, 'two.zip')
pyminizip.compress_multiple([a, b], ['x', 'y'], zz, 'pw', 4)
out = os.path.join(d, 'out')
os.mkdir(out)
pyminizip.uncompress(zz, 'pw', out, 0)
assert open(os.path.join(out, 'x', 'a.txt')).read() == 'alpha' * 100
assert open(os.path.join(out, 'y', 'b.txt')).read() == 'beta'
