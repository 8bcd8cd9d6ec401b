# Our own smoke test: the module's helpers, result types, a channel resolving from /etc/hosts, errors.
import gc
import select
import socket
from pycares import _core as pycares
perrno = pycares.errno  # a submodule the init creates

assert pycares.reverse_address('10.1.2.3') == '3.2.1.10.in-addr.arpa'
assert pycares.reverse_address('::1').endswith('.ip6.arpa')
try:
    pycares.reverse_address('not an ip')
except ValueError:
    pass
else:
    raise AssertionError('no ValueError')
assert issubclass(pycares.AresError, Exception)
assert perrno.errorcode[perrno.ARES_ENOTFOUND] == 'ARES_ENOTFOUND'
assert isinstance(perrno.strerror(perrno.ARES_ENOTFOUND), str)
assert pycares.QUERY_TYPE_A != pycares.QUERY_TYPE_AAAA

results = []
def cb(result, error):
    results.append((result, error))

ch = pycares.Channel(timeout=1.0, tries=1, servers=['127.0.0.1'])
assert ch.servers == ['127.0.0.1']
ch.gethostbyname('localhost', socket.AF_INET, cb)
for _ in range(20):
    if results:
        break
    r, w = ch.getsock()
    if not r and not w:
        break
    rr, ww, _x = select.select(r, w, [], 0.1)
    for fd in rr:
        ch.process_fd(fd, pycares.ARES_SOCKET_BAD)
    for fd in ww:
        ch.process_fd(pycares.ARES_SOCKET_BAD, fd)
assert results, 'no callback'
res, err = results[0]
assert err is None, err
assert isinstance(res, pycares.ares_host_result)
assert '127.0.0.1' in res.addresses
try:
    ch.query('example.com', 12345, cb)
except (pycares.AresError, ValueError) as e:
    assert e.args
ch.cancel()
ch.destroy()
try:
    class MyChannel(pycares.Channel):
        pass
except TypeError:
    pass  # not a base type
c2 = pycares.Channel(timeout=0.5)
assert c2.timeout(0.25) <= 0.25
c2.destroy()
del ch, c2
gc.collect()
