import counting

t = counting.Tally()
assert (t.bump(), t.bump()) == (1, 2)
assert type(counting.Timer()) is counting.Timer
assert counting.Tally.__module__ == "counting" and counting.Timer.__name__ == "Timer"
print("smoke ok")
