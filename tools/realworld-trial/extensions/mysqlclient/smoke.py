# Our own smoke test, without a server: version, escaping, the exception classes, a failed connect.
import MySQLdb._mysql as m
assert m.version_info[:3] == (2, 2, 8), m.version_info
assert isinstance(m.get_client_info(), str)
assert m.escape_string(b"a'b") == b"a\\'b"
assert m.string_literal(b"x") == b"'x'"
assert issubclass(m.OperationalError, m.Error) and issubclass(m.Error, m.MySQLError)
try:
    m.connect(unix_socket='/nonexistent/trial.sock', host='localhost', connect_timeout=1)
except m.OperationalError as e:
    assert e.args[0] > 0
else:
    raise AssertionError('connected to nothing')
class Conn(m.connection):
    pass
assert issubclass(Conn, m.connection)
