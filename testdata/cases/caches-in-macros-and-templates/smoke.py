import warnings
from fractions import Fraction
from decimal import Decimal
import ratio
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    assert ratio.from_float(0.5) == Fraction(1, 2)
    assert ratio.from_float(0.25) == Fraction(1, 4)
    assert len(w) == 1
assert ratio.from_decimal(Decimal("0.5")) == Fraction(1, 2)
print("smoke ok")
