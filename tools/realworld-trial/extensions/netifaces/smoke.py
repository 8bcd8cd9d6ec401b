# Our own smoke test: interfaces, addresses of the loopback interface, gateways, constants, errors.
import netifaces
ifs = netifaces.interfaces()
assert 'lo' in ifs, ifs
addrs = netifaces.ifaddresses('lo')
assert netifaces.AF_INET in addrs, addrs
assert any(a.get('addr') == '127.0.0.1' for a in addrs[netifaces.AF_INET]), addrs
gw = netifaces.gateways()
assert 'default' in gw
assert isinstance(netifaces.address_families, dict)
try:
    netifaces.ifaddresses('no-such-interface-xyz')
except ValueError:
    pass
else:
    raise AssertionError('no error')
