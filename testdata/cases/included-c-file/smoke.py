import onetu
c = onetu.make_counter()
assert type(c) is onetu.Counter and c.incr() == 1 and c.incr() == 2
assert onetu.Counter.__module__ == "onetu" and onetu.Counter.__qualname__ == "Counter"
class Sub(onetu.Counter):
    pass
assert Sub().incr() == 1
assert type(Sub().fresh()) is onetu.Counter
print("smoke ok")
