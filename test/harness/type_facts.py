"""Facts about a module's types, printed as JSON, to compare an original module with its conversion.

Usage: python type_facts.py MODULE_NAME BUILD_DIR
For every type in the module: its name, __module__, __qualname__, doc, bases, whether it can be
instantiated with no arguments (and the exception if not), whether Python code can subclass it,
whether its attributes can be set, and -- where it can be instantiated with no arguments -- whether
10 000 create/destroy cycles leave its reference count where it was (heap types are referenced
by their instances).
"""
import gc
import json
import sys

name, build_dir = sys.argv[1], sys.argv[2]
sys.path.insert(0, build_dir)
mod = __import__(name)


def instantiate(tp):
    try:
        tp()
        return "ok"
    except TypeError as e:
        msg = str(e)
        # The message for a type that cannot be instantiated is the same for static and heap types.
        return "TypeError: cannot create" if "cannot create" in msg else "TypeError"
    except Exception as e:  # noqa: BLE001 - any other failure is a fact too
        return type(e).__name__


def subclassable(tp):
    try:
        type("Sub", (tp,), {})
        return True
    except TypeError:
        return False


def settable(tp):
    try:
        setattr(tp, "_pyext_probe", 1)
        delattr(tp, "_pyext_probe")
        return True
    except (TypeError, AttributeError):
        return False


def refcount_stable(tp):
    try:
        tp()
    except Exception:  # noqa: BLE001
        return None
    gc.collect()
    before = sys.getrefcount(tp)
    for _ in range(10000):
        obj = tp()
        del obj
    gc.collect()
    return sys.getrefcount(tp) - before


facts = {}
for attr in sorted(dir(mod)):
    tp = getattr(mod, attr)
    if not isinstance(tp, type) or issubclass(tp, BaseException):
        continue
    facts[attr] = {
        "name": tp.__name__,
        "module": tp.__module__,
        "qualname": tp.__qualname__,
        "doc": tp.__doc__,
        "bases": [b.__name__ for b in tp.__bases__],
        "instantiate": instantiate(tp),
        "subclassable": subclassable(tp),
        "settable": settable(tp),
        "refcount_drift": refcount_stable(tp),
    }
print(json.dumps(facts, sort_keys=True))
