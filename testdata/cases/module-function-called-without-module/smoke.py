import declreg


class Plain:
    pass


class Declared:
    __implements__ = ("IFoo",)


assert declreg.implementedBy(Declared) == ("IFoo",)
assert declreg.implementedBy(Plain) == ()
assert declreg.providedBy(Declared) == ("IFoo",)
assert declreg.providedBy(Plain()) == ()
assert declreg.providedBy(Declared()) == ("IFoo",)
assert declreg.isDeclared(Declared()) is True
assert declreg.isDeclared(Plain()) is False
spec = declreg.Spec()
assert spec.providedBy(Declared()) == ("IFoo",)
assert spec.implementedBy(Plain) == ()
print("smoke ok")
