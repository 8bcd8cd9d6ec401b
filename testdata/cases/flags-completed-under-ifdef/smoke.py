import sys
import flagmod
m = flagmod.Map()
assert len(m) == 0 and m["x"] == 0
s = flagmod.Seq()
assert list(s) == [0, 10, 20]
class Sub(flagmod.Map):
    pass
assert len(Sub()) == 0
if sys.version_info >= (3, 10):
    # Py_TPFLAGS_MAPPING (1 << 6) and Py_TPFLAGS_SEQUENCE (1 << 5) kept by the spec's flags
    assert flagmod.Map.__flags__ & (1 << 6), hex(flagmod.Map.__flags__)
    assert flagmod.Seq.__flags__ & (1 << 5), hex(flagmod.Seq.__flags__)
print("smoke ok")
