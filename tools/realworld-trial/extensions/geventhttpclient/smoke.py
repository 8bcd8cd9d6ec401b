# Our own smoke test: a subclass receives the parser's callbacks; errors raise HTTPParseError.
import gc
import http.client
from geventhttpclient import _parser

class Collect(_parser.HTTPResponseParser):
    def __init__(self):
        self.events = []
        self.headers = []
        self.body = bytearray()
    def _on_message_begin(self):
        self.events.append('begin')
    def _on_status(self, s):
        self.events.append(('status', s))
    def _on_header_field(self, f):
        self.headers.append([f, None])
    def _on_header_value(self, v):
        self.headers[-1][1] = v
    def _on_headers_complete(self):
        self.events.append('headers')
        return False
    def _on_body(self, b):
        self.body += b
    def _on_message_complete(self):
        self.events.append('complete')

resp = b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello'
p = Collect()
assert p.feed(resp[:20]) == 20
assert p.feed(resp[20:]) == len(resp) - 20
assert p.events[0] == 'begin' and p.events[-1] == 'complete', p.events
assert p.get_code() == 200 and p.get_http_version() == 'HTTP/1.1'
assert p.should_keep_alive() and not p.parser_failed()
assert bytes(p.body) == b'hello'
# a field split across two feeds arrives in two callbacks
assert ''.join(h[0] for h in p.headers) == 'Content-LengthX-A', p.headers
assert issubclass(_parser.HTTPParseError, http.client.HTTPException)
bad = _parser.HTTPResponseParser()
try:
    bad.feed(b'NOT HTTP AT ALL\r\n\r\n')
except _parser.HTTPParseError as e:
    assert e.args
else:
    raise AssertionError('no parse error')
assert bad.parser_failed()

class Boom(Collect):
    def _on_message_begin(self):
        raise KeyError('cb')
try:
    Boom().feed(resp)
except KeyError:
    pass
else:
    raise AssertionError('callback error lost')
del p, bad
gc.collect()
