# Our own smoke test: the library-level helpers, then a Probe over a zero-filled image in a temporary directory.
import gc
import os
import tempfile
import blkid

ver = blkid.get_library_version()
assert isinstance(ver, tuple) and ver[0] >= 2000
assert blkid.parse_version_string('2.38.1') == 2381
assert blkid.known_fstype('ext4') and not blkid.known_fstype('no-such-fs')
assert blkid.known_pttype('gpt')
assert 'ext4' in blkid.superblocks()
assert blkid.safe_string('a b') == 'a_b'
assert blkid.parse_tag_string('LABEL=data') == ('LABEL', 'data')
d = tempfile.mkdtemp()
path = os.path.join(d, 'zero.img')
with open(path, 'wb') as f:
    f.write(b'\0' * (1 << 20))
try:
    pr = blkid.Probe()
    pr.set_device(path)
    assert pr.size == 1 << 20
    pr.enable_superblocks(True)
    assert not pr.do_safeprobe()
    del pr
    cache = blkid.Cache()
    assert isinstance(cache, blkid.Cache)
    del cache
finally:
    os.unlink(path)
    os.rmdir(d)
try:
    blkid.Probe().set_device('/nonexistent/device')
except Exception as e:
    assert e.args
else:
    raise AssertionError('missing device accepted')
gc.collect()
