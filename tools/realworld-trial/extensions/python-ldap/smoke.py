# Our own smoke test of _ldap without a server: constants, exceptions, DN parsing, an unbound connection object.
import _ldap
assert _ldap.SCOPE_SUBTREE == 2
assert issubclass(_ldap.NO_SUCH_OBJECT, _ldap.LDAPError)
assert _ldap.str2dn('cn=a,dc=b') == [[('cn', 'a', 1)], [('dc', 'b', 1)]]
try:
    _ldap.str2dn('not a dn')
except _ldap.DECODING_ERROR:
    pass
assert _ldap.get_option(_ldap.OPT_PROTOCOL_VERSION) in (2, 3)
c = _ldap.initialize('ldap://127.0.0.1:1')
c.set_option(_ldap.OPT_NETWORK_TIMEOUT, 1.0)
assert c.get_option(_ldap.OPT_NETWORK_TIMEOUT) == 1.0
try:
    c.simple_bind('cn=x', 'y')
    c.result4(_ldap.RES_ANY, 1, 2)
except _ldap.LDAPError as e:
    assert isinstance(e.args[0], dict)
