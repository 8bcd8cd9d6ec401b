import typetbl

b = typetbl.Box()
c = typetbl.Crate()
assert type(b) is typetbl.Box and type(c) is typetbl.Crate
assert typetbl.Box.__name__ == "Box" and typetbl.Box.__module__ == "typetbl"
assert typetbl.kind_of(b) == "Box" and typetbl.kind_of(c) == "Crate"
assert (typetbl.KIND_BOX, typetbl.KIND_CRATE) == (0, 1)
print("smoke ok")
