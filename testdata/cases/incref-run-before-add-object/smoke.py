import sys
import errs
for name, exc in (("a", errs.ErrorA), ("b", errs.ErrorB)):
    try:
        getattr(errs, "raise_" + name)()
    except exc as e:
        assert str(e) == name
    else:
        raise AssertionError(name)
del name, exc
# Each exception is owned by the module's dict and by the module (its global or state field): the same count.
assert sys.getrefcount(errs.ErrorA) == sys.getrefcount(errs.ErrorB), (sys.getrefcount(errs.ErrorA), sys.getrefcount(errs.ErrorB))
