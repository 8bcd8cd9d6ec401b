import gc
import jscan
s = jscan.Scanner()
assert s("42") == 42 and s("42") == 42 and s("007") == 7
assert jscan.is_scanner(s) and not jscan.is_scanner(42)
for bad in ("", "4x2"):
    try:
        s(bad)
    except jscan.ScanError:
        pass
    else:
        raise AssertionError("no ScanError for %r" % bad)
class Sub(jscan.Scanner):
    pass
t = Sub()
t.me = t
assert t("1") == 1 and jscan.is_scanner(t)
del s, t
gc.collect()
print("smoke ok")
