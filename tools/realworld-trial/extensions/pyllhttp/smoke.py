# Our own smoke test: a request and a response parsed through subclass callbacks, pausing,
# the per-code exception classes, and the parser attributes.
import gc
import __llhttp as ll


class Req(ll.Request):
    def __init__(self):
        self.url = b''
        self.headers = []
        self.body = b''
        self.field = b''
        self.done = 0

    def on_url(self, data):
        self.url += bytes(data)

    def on_header_field(self, data):
        self.field += bytes(data)

    def on_header_value(self, data):
        self.headers.append((self.field, bytes(data)))
        self.field = b''

    def on_body(self, data):
        self.body += bytes(data)

    def on_message_complete(self):
        self.done += 1


msg = b'POST /path?q=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello'
r = Req()
assert r.execute(msg[:20]) == 20
assert r.execute(msg[20:]) == len(msg) - 20
assert r.url == b'/path?q=1' and r.body == b'hello' and r.done == 1
assert (b'Host', b'x') in r.headers
assert r.method == 'POST' and r.major == 1 and r.minor == 1
assert r.should_keep_alive and not r.is_busted


class PausingResponse(ll.Response):
    def on_headers_complete(self):
        self.pause()


resp = PausingResponse()
raw = b'HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nok'
n = resp.execute(raw)
assert n < len(raw) and resp.is_paused and resp.status == 404
resp.unpause()
assert resp.execute(raw[n:]) == len(raw) - n
assert resp.status == 404 and not resp.is_paused

bad = ll.Request()
try:
    bad.execute(b'NOT A REQUEST\r\n\r\n')
except ll.Error as e:
    assert type(e) is not ll.Error and issubclass(type(e), ll.Error)
else:
    raise AssertionError('garbage parsed')
assert bad.is_busted and bad.error
bad.reset()
assert not bad.is_busted
bad.lenient_headers = True
assert bad.lenient_headers
assert isinstance(ll.version, str)
gc.collect()
