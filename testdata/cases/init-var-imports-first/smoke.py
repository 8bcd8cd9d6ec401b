from decimal import Decimal
from fractions import Fraction

import numconv

assert numconv.fraction(3) == Fraction(3)
assert numconv.fraction("1/3") == Fraction(1, 3)
assert numconv.decimal(1.5) == Decimal("1.5")
assert numconv.is_number(2.5) is True
assert numconv.is_number("x") is False
assert numconv.__version__ == "1.2"
print("smoke ok")
