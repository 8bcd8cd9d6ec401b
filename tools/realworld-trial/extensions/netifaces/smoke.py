# Our own smoke test: the interface list, the loopback's addresses, gateways, errors.
import netifaces as n
names = n.interfaces()
assert 'lo' in names, names
lo = n.ifaddresses('lo')
assert n.AF_INET in lo and any(a['addr'] == '127.0.0.1' for a in lo[n.AF_INET]), lo
assert lo[n.AF_INET][0]['netmask'] == '255.0.0.0'
g = n.gateways()
assert isinstance(g, dict) and 'default' in g
assert n.address_families[n.AF_INET] == 'AF_INET'
try:
    n.ifaddresses('no-such-interface0')
except ValueError:
    pass
else:
    raise AssertionError("no ValueError")
