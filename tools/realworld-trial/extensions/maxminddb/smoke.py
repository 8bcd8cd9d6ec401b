# Our own smoke test: a tiny database written here (one tree node, IPv4, 24-bit records),
# lookups, metadata, iteration, close, and the errors.
import gc
import os
import struct
import tempfile
import extension

def enc_str(s):
    b = s.encode()
    return bytes([(2 << 5) | len(b)]) + b
def enc_uint(t, v):          # t: 5 uint16, 6 uint32; 9 uint64 (extended)
    b = v.to_bytes((v.bit_length() + 7) // 8, 'big')
    return bytes([(t << 5) | len(b)]) + b if t < 8 else bytes([len(b), t - 7]) + b
def enc_map(items):
    out = bytes([(7 << 5) | len(items)])
    for k, v in items:
        out += enc_str(k) + v
    return out
def enc_array(vals):
    return bytes([len(vals), 11 - 7]) + b''.join(vals)

data = enc_map([('country', enc_str('XX')), ('n', enc_uint(6, 7))])
node_count = 1
# node 0: left (first bit 0) points at the data, right (first bit 1) is "not found"
left = node_count + 16 + 0
tree = left.to_bytes(3, 'big') + node_count.to_bytes(3, 'big')
meta = enc_map([
    ('node_count', enc_uint(6, node_count)), ('record_size', enc_uint(5, 24)),
    ('ip_version', enc_uint(5, 4)), ('database_type', enc_str('Trial')),
    ('languages', enc_array([enc_str('en')])), ('binary_format_major_version', enc_uint(5, 2)),
    ('binary_format_minor_version', enc_uint(5, 0)), ('build_epoch', enc_uint(9, 1700000000)),
    ('description', enc_map([('en', enc_str('trial db'))])),
])
blob = tree + bytes(16) + data + b'\xab\xcd\xefMaxMind.com' + meta
fd, path = tempfile.mkstemp(suffix='.mmdb')
os.write(fd, blob)
os.close(fd)
try:
    r = extension.Reader(path)
    assert r.get('10.0.0.1') == {'country': 'XX', 'n': 7}
    rec, plen = r.get_with_prefix_len('10.0.0.1')
    assert rec['country'] == 'XX' and plen == 1, (rec, plen)
    assert r.get('200.0.0.1') is None
    m = r.metadata()
    assert isinstance(m, extension.Metadata)
    assert m.database_type == 'Trial' and m.node_count == 1 and m.ip_version == 4
    assert m.description == {'en': 'trial db'} and m.languages == ['en']
    nets = list(r)
    assert len(nets) == 1 and str(nets[0][0]) == '0.0.0.0/1', nets
    try:
        r.get('not an ip')
    except ValueError:
        pass
    else:
        raise AssertionError('no ValueError')
    with extension.Reader(path) as r2:
        assert r2.get('1.2.3.4')['n'] == 7
    try:
        r2.get('1.2.3.4')
    except ValueError:
        pass
    r.close()
    fd, bad = tempfile.mkstemp(suffix='.mmdb')
    os.write(fd, b'not a database' * 10)
    os.close(fd)
    try:
        extension.Reader(bad)
    except extension.InvalidDatabaseError as e:
        assert e.args
    else:
        raise AssertionError('no InvalidDatabaseError')
    finally:
        os.unlink(bad)
    try:
        extension.Reader(path + '.missing')
    except FileNotFoundError:
        pass
finally:
    os.unlink(path)
gc.collect()
