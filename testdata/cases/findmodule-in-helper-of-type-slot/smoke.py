import fmtlib

fmtlib.handlers[int] = lambda n: "int:%d" % n
enc = fmtlib.Encoder()
assert enc.encode(5) == "int:5"
assert enc.encode("x") == "x"
own = fmtlib.Encoder(handlers={float: lambda f: "float"})
assert own.encode(1.5) == "float"
assert own.encode(5) == "5"
print("smoke ok")
