import digestmod
assert digestmod.new(224).bits() == 224
assert digestmod.new(256).bits() == 256
assert type(digestmod.new(224)).__name__ == "digest224"
print("smoke ok")
