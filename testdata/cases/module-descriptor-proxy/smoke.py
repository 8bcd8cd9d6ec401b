import gc
import json
import warnings

with warnings.catch_warnings():
    # An undotted heap type without a __module__ in its dict warns at import (3.10+); this one has one.
    warnings.simplefilter("error")
    import lazyref

ref = lazyref.LazyRef(lambda: json)
assert ref.dumps([1]) == "[1]"
fn = lazyref.LazyRef(lambda: json.dumps)
assert fn.__module__ == "json", fn.__module__
assert fn.__wrapped__ is json.dumps

assert repr(lazyref.LazyRef) == "<class 'LazyRef'>", repr(lazyref.LazyRef)


class Sub(lazyref.LazyRef):
    pass


s = Sub(lambda: json.loads)
assert s.__wrapped__ is json.loads

cycle = lazyref.LazyRef(lambda: cycle)
assert cycle.__wrapped__ is cycle
del cycle
gc.collect()
print("ok")
