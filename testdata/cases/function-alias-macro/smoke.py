import joiner

assert joiner.join(["a", "bc", "d"]) == "abcd"
assert joiner.join([]) == ""
assert joiner.length(["ab", "cde"]) == 5
try:
    joiner.join(["a", 1])
except TypeError:
    pass
else:
    raise AssertionError("join accepted a non-str chunk")
print("smoke ok")
