# Our own smoke test: set/get/list/remove user attributes on a temporary file (if the file system has them), errors.
import errno, os, tempfile
import xattr
fd, path = tempfile.mkstemp(prefix='xattr-trial-')
os.close(fd)
try:
    try:
        xattr.set(path, 'trial', b'value', namespace=xattr.NS_USER)
        supported = True
    except (IOError, OSError) as e:
        if e.errno not in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
            raise
        supported = False
    if supported:
        assert xattr.get(path, 'trial', namespace=xattr.NS_USER) == b'value'
        assert xattr.get(path, b'user.trial') == b'value'
        assert b'trial' in xattr.list(path, namespace=xattr.NS_USER)
        assert dict(xattr.get_all(path, namespace=xattr.NS_USER))[b'trial'] == b'value'
        xattr.setxattr(path, 'user.other', b'x')
        assert xattr.getxattr(path, 'user.other') == b'x'
        xattr.remove(path, 'trial', namespace=xattr.NS_USER)
        assert b'user.trial' not in xattr.listxattr(path)
    else:
        assert xattr.list(path, namespace=xattr.NS_USER) == []
    try:
        xattr.get(path, 'user.missing-attribute')
    except (IOError, OSError):
        pass
    else:
        raise AssertionError('no error')
    try:
        xattr.get('/nonexistent/xattr-trial', 'user.x')
    except (IOError, OSError) as e:
        assert e.errno == errno.ENOENT
    else:
        raise AssertionError('no error')
    try:
        xattr.get(12.5, 'user.x')
    except TypeError:
        pass
    else:
        raise AssertionError('no error')
    assert xattr.XATTR_CREATE != xattr.XATTR_REPLACE
    assert isinstance(xattr.__version__, str)
finally:
    os.unlink(path)
