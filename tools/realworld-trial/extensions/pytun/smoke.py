# Our own smoke test: constants, the exception, and a device open that may be refused here.
import pytun
assert pytun.IFF_TUN != pytun.IFF_TAP
assert issubclass(pytun.Error, Exception)
assert isinstance(pytun.TunTapDevice, type)
try:
    d = pytun.TunTapDevice(name='trial%d', flags=pytun.IFF_TAP | pytun.IFF_NO_PI)
except pytun.Error as e:
    assert e.args
else:
    assert d.name.startswith('trial')
    d.mtu = 1400
    assert d.mtu == 1400
    d.close()
try:
    pytun.TunTapDevice(flags=12345678)
except (pytun.Error, ValueError, TypeError):
    pass
