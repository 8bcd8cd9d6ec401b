import pastenames


class Inner:
    class Deep:
        pass


assert pastenames.describe(Inner) == __name__ + ".Inner", pastenames.describe(Inner)
assert pastenames.describe(Inner.Deep) == __name__ + ".Inner.Deep"
assert pastenames.describe(len) == "builtins.len"
assert pastenames.describe(len, True) == "builtins:len"
n = pastenames.names()
assert n == ("__name__", "__module__", "__qualname__"), n
try:
    pastenames.describe(3)
except AttributeError:
    pass
else:
    raise AssertionError("describe(3) did not raise")
print("smoke ok")
