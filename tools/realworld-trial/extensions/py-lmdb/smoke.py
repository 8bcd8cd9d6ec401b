# Our own smoke test: an environment in a temporary directory, transactions, cursors, errors.
import gc, shutil, tempfile
import lmdb.cpython as lmdb
d = tempfile.mkdtemp()
try:
    env = lmdb.open(d, max_dbs=2, map_size=1 << 20)
    sub = env.open_db(b'sub')
    with env.begin(write=True) as txn:
        for i in range(10):
            txn.put(b'k%02d' % i, b'v%d' % i)
        txn.put(b'x', b'y', db=sub)
    with env.begin() as txn:
        assert txn.get(b'k03') == b'v3'
        assert txn.get(b'nope') is None
        cur = txn.cursor()
        keys = [k for k, v in cur]
        assert keys[:2] == [b'k00', b'k01'] and len(keys) >= 10, keys
        assert cur.set_range(b'k05') and cur.key() == b'k05'
        assert txn.get(b'x', db=sub) == b'y'
    assert env.stat()['entries'] >= 10
    try:
        with env.begin() as txn:
            txn.put(b'a', b'b')
    except lmdb.Error as e:
        assert isinstance(e, lmdb.ReadonlyError) or 'read' in str(e).lower(), e
    else:
        raise AssertionError('write in a read-only transaction')
    env.close()
    try:
        env.begin()
    except lmdb.Error:
        pass
    else:
        raise AssertionError('closed environment')
    gc.collect()
finally:
    shutil.rmtree(d)
