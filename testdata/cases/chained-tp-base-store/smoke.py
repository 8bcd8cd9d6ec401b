import gc
import paints

w = paints.warm(30)
assert w.hue() == 30 and type(w).__name__ == "Warm"
assert isinstance(w, paints.Paint) and type(w).__base__ is paints.Paint
c = paints.Cool(200)
assert c.hue() == 200 and type(c).__base__ is paints.Paint
assert paints.Paint.__base__ is object and paints.Shade.__base__ is object
assert not paints.Shade(0) and paints.Shade(10)
class Mine(paints.Paint):
    pass
assert Mine(5).hue() == 5
del w, c
gc.collect()
print("smoke ok")
