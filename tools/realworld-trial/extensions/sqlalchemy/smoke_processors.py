# Our own smoke test of the C result processors.
import decimal
from sqlalchemy import cprocessors as p
assert p.int_to_boolean(0) is False and p.int_to_boolean(5) is True and p.int_to_boolean(None) is None
assert p.to_str(12) == '12' and p.to_float('1.5') == 1.5
u = p.UnicodeResultProcessor('utf-8')
assert u.process('é'.encode()) == 'é' and u.process(None) is None
assert u.conditional_process('x') == 'x'
dp = p.DecimalResultProcessor(decimal.Decimal, '%.2f')
assert dp.process(1.005) == decimal.Decimal('1.00') or dp.process(1.005) == decimal.Decimal('1.01')
assert str(p.str_to_date('2020-01-02')) == '2020-01-02'
assert str(p.str_to_datetime('2020-01-02 03:04:05')) == '2020-01-02 03:04:05'
assert str(p.str_to_time('03:04:05')) == '03:04:05'
try:
    p.str_to_date('nope')
except ValueError:
    pass
