# Our own smoke test of the C parameter distiller.
from sqlalchemy.cutils import _distill_params as d
assert d((), {}) == []
assert d(({'a': 1},), {}) == [{'a': 1}]
assert d(([{'a': 1}, {'a': 2}],), {}) == [{'a': 1}, {'a': 2}]
assert d((), {'k': 'v'}) == [{'k': 'v'}]
assert d((1, 2), {}) == [(1, 2)]
