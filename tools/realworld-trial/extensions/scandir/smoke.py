# Our own smoke test: scan a directory we make, compare with os.
import gc, os, tempfile
import _scandir
d = tempfile.mkdtemp()
try:
    os.mkdir(os.path.join(d, 'sub'))
    with open(os.path.join(d, 'f.txt'), 'w') as f:
        f.write('hello')
    entries = {e.name: e for e in _scandir.scandir(d)}
    assert sorted(entries) == ['f.txt', 'sub'], sorted(entries)
    e = entries['f.txt']
    assert e.is_file() and not e.is_dir() and not e.is_symlink()
    assert e.path == os.path.join(d, 'f.txt')
    st = e.stat()
    assert st.st_size == 5 and st[6] == 5, st
    assert entries['sub'].is_dir()
    assert e.inode() == os.stat(e.path).st_ino
    assert 'DirEntry' in repr(e)
    it = _scandir.scandir(d)
    next(it)
    del it
    gc.collect()
    try:
        list(_scandir.scandir(os.path.join(d, 'missing')))
    except OSError:
        pass
    else:
        raise AssertionError('OSError expected')
finally:
    os.remove(os.path.join(d, 'f.txt'))
    os.rmdir(os.path.join(d, 'sub'))
    os.rmdir(d)
