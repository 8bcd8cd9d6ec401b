import weights

assert weights.Weight().value == 1.0
assert weights.Weight(2.5).value == 2.5


class Heavy(weights.Weight):
    pass


assert Heavy(9.0).value == 9.0 and isinstance(Heavy(), weights.Weight)
print("smoke ok")
