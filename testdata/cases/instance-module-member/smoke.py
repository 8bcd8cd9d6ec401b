import ifacebase

Base = ifacebase.InterfaceBase
assert Base.__module__ == "ifacebase", Base.__module__
assert Base.__module__ + "." + Base.__name__ == "ifacebase.InterfaceBase"
i = Base("IFoo", "pkg.interfaces")
assert i.__name__ == "IFoo" and i.__module__ == "pkg.interfaces"


class IBar(Base):
    pass


assert IBar.__module__ == __name__
print("smoke ok")
