import gc
import spamlib

assert spamlib.__version__ == "1.4.2"
assert issubclass(spamlib.error, Exception)

r = spamlib.Record("eggs", {"n": 1}, kind="fried")
assert r.name == "eggs" and r.payload == {"n": 1} and r.tags == []
r.add_tag("breakfast")
r.add_tag("hot")
assert r.tags == ["breakfast", "hot"]
assert "kind=fried" in repr(r) and "tags=2" in repr(r)
assert r.to_dict() == {"name": "eggs", "tags": ["breakfast", "hot"], "payload": {"n": 1}}
r.payload = 3
assert r.payload == 3

try:
    r.add_tag(1)
except spamlib.error as e:
    assert "tag must be str" in str(e)
else:
    raise AssertionError("add_tag(1) did not raise")
try:
    spamlib.Record("x", kind="raw")
except spamlib.error as e:
    assert "unknown record kind" in str(e)
else:
    raise AssertionError
try:
    spamlib.Record(1)
except TypeError:
    pass
else:
    raise AssertionError

p = spamlib.parse('{"name": "spam", "tags": ["a", "b"], "payload": [1, 2]}')
assert spamlib.is_record(p) and p.tags == ["a", "b"] and p.payload == [1, 2]
p = spamlib.parse('{"name": "bare"}')
assert p.tags == [] and p.payload is None
for bad in ('[1]', '{"tags": []}', '{"name": "x", "tags": 3}'):
    try:
        spamlib.parse(bad)
    except spamlib.error:
        pass
    else:
        raise AssertionError(bad)
try:
    spamlib.parse("{not json")
except ValueError:
    pass
else:
    raise AssertionError

class Tin(spamlib.Record):
    def opened(self):
        return "opened " + self.name

t = Tin("tin", None, "canned")
assert t.opened() == "opened tin" and spamlib.is_record(t) and not spamlib.is_record(3)
assert repr(t).startswith("<")

# a reference cycle through the payload is collected
a = spamlib.Record("a")
a.payload = [a]
del a
gc.collect()

print("smoke ok")
