# Our own smoke test: the C scanner and encoder through the package's public API.
import simplejson
from simplejson import _speedups
from decimal import Decimal

assert simplejson._import_c_make_encoder() is not None
s = simplejson.dumps({'a': [1, 2.5, None, True], 'b': 'é\n"'}, sort_keys=True)
assert s == '{"a": [1, 2.5, null, true], "b": "\\u00e9\\n\\""}', s
assert simplejson.loads(s) == {'a': [1, 2.5, None, True], 'b': 'é\n"'}
assert simplejson.loads('1.5', use_decimal=True) == Decimal('1.5')
assert _speedups.encode_basestring_ascii('x"é') == '"x\\"\\u00e9"'
assert _speedups.scanstring('"abc" tail', 1)[0] == 'abc'
try:
    simplejson.loads('{"a": }')
except simplejson.JSONDecodeError as e:
    assert e.pos == 6, e.pos
else:
    raise AssertionError('no error')
assert simplejson.dumps([simplejson.RawJSON('{"x": 1}')]) == '[{"x": 1}]'
