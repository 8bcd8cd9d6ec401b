import typetbl

b = typetbl.Box()
c = typetbl.Crate()
assert typetbl.is_kind(b, typetbl.KIND_BOX) and not typetbl.is_kind(b, typetbl.KIND_CRATE)
assert typetbl.is_kind(c, typetbl.KIND_CRATE) and not typetbl.is_kind(c, typetbl.KIND_BOX)
try:
    typetbl.is_kind(b, 7)
except ValueError:
    pass
else:
    raise AssertionError("kind 7 accepted")
print("smoke ok")
