import json
import memo

calls = []


def add(a, b):
    "Adds two numbers."
    calls.append((a, b))
    return a + b


f = memo.memoize(add)
assert f(1, 2) == 3 and f(1, 2) == 3 and f(2, 2) == 4
assert calls == [(1, 2), (2, 2)], calls
# The instances answer for the wrapped function, whatever the class is.
assert f.__module__ == __name__, f.__module__
assert f.__name__ == 'add' and f.__wrapped__ is add
assert f.__doc__ == 'Adds two numbers.', f.__doc__
f.extra = 1
assert f.__dict__ == {'extra': 1}
assert repr(type(f)) == "<class 'memo.memoize'>", repr(type(f))
g = memo.memoize(json.dumps)
assert g.__module__ == 'json' and g(1) == '1'
print('smoke ok')
