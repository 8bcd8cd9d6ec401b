# Our own smoke test: a file:// transfer with a write callback, getinfo, errors, multi and share handles, subclassing.
import gc, os, tempfile
import pycurl
assert pycurl.version_info()[1]
fd, path = tempfile.mkstemp()
os.write(fd, b'hello from a file\n' * 100)
os.close(fd)
try:
    chunks = []
    c = pycurl.Curl()
    c.setopt(pycurl.URL, 'file://' + path)
    c.setopt(pycurl.WRITEFUNCTION, chunks.append)
    c.perform()
    assert b''.join(chunks) == b'hello from a file\n' * 100
    assert c.getinfo(pycurl.RESPONSE_CODE) in (0, 200)
    c.close()
    c = pycurl.Curl()
    c.setopt(pycurl.URL, 'file:///nonexistent/really/not/here')
    c.setopt(pycurl.WRITEFUNCTION, lambda b: None)
    try:
        c.perform()
    except pycurl.error as e:
        assert e.args[0] == pycurl.E_FILE_COULDNT_READ_FILE, e.args
    else:
        raise AssertionError('pycurl.error expected')
    try:
        c.setopt(pycurl.URL, 42)
    except TypeError:
        pass
    else:
        raise AssertionError('TypeError expected')
    m = pycurl.CurlMulti()
    e = pycurl.Curl()
    e.setopt(pycurl.URL, 'file://' + path)
    e.setopt(pycurl.WRITEFUNCTION, lambda b: None)
    m.add_handle(e)
    while m.perform()[1]:
        m.select(0.1)
    m.remove_handle(e)
    s = pycurl.CurlShare()
    s.setopt(pycurl.SH_SHARE, pycurl.LOCK_DATA_DNS)
    class Sub(pycurl.Curl):
        pass
    x = Sub()
    x.setopt(pycurl.WRITEFUNCTION, x.setopt)
    del x, e, m, s
    gc.collect()
finally:
    os.remove(path)
