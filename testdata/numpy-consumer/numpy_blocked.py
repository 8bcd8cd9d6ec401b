# NumPy's import fails (None in sys.modules stops it): the consumer's import must fail with the
# ImportError that import_array sets, not "imported" without NumPy's C-API (nor a SystemError
# for an exec function that returned 0 with an exception set).
import sys
sys.modules["numpy"] = None
try:
    import npconsumer
except ImportError as e:
    print("import failed:", e)
    assert "npconsumer" not in sys.modules
else:
    raise AssertionError("npconsumer imported although NumPy could not be")
print("blocked ok")
