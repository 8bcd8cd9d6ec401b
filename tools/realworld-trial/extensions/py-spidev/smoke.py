# Our own smoke test: the SpiDev object without a device (none on a build machine), errors, subclassing.
import gc
import spidev
s = spidev.SpiDev()
try:
    s.open(250, 250)
except (OSError, IOError):
    pass
else:
    raise AssertionError('no SPI device expected')
try:
    s.open_path('/nonexistent/spidev')
except (OSError, IOError):
    pass
try:
    s.mode = 7
except (TypeError, ValueError, OSError, IOError):
    pass
s.close()
class Sub(spidev.SpiDev):
    pass
x = Sub()
x.me = x
del x
gc.collect()
try:
    spidev.SpiDev('bus')
except TypeError:
    pass
