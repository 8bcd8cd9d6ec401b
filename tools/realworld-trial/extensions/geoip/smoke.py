# Our own smoke test: the country tables, a memory-cached database from the system, lookups, the type and its errors.
import gc
import GeoIP
assert GeoIP.country_names['FR'] == 'France'
assert 'DE' in GeoIP.country_codes and GeoIP.country_continents['JP'] == 'AS'
assert isinstance(GeoIP.lib_version(), str)
gi = GeoIP.open('/usr/share/GeoIP/GeoIP.dat', GeoIP.GEOIP_MEMORY_CACHE)
assert isinstance(gi, GeoIP.GeoIP)
assert gi.country_code_by_addr('8.8.8.8') == 'US'
assert gi.country_name_by_addr('8.8.8.8') == 'United States'
assert gi.country_code_by_addr('127.0.0.1') is None
cid = gi.id_by_addr('8.8.8.8')
assert GeoIP.country_codes[cid] == 'US'
assert gi.charset() in (GeoIP.GEOIP_CHARSET_ISO_8859_1, GeoIP.GEOIP_CHARSET_UTF8)
try:
    GeoIP.open('/nonexistent/GeoIP.dat', GeoIP.GEOIP_STANDARD)
except GeoIP.error as e:
    assert isinstance(e, OSError)
else:
    raise AssertionError('no error')
try:
    gi.country_code_by_addr(5)
except TypeError:
    pass
else:
    raise AssertionError('int accepted')
del gi
gc.collect()
