import gc
import pets

for _ in range(3):
    d = pets.Dog("rex")
    c = pets.Cat("tom")
    assert c and type(d).__name__ == "Dog"
    del d, c
gc.collect()
print("smoke ok")
