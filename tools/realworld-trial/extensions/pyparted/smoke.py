# Our own smoke test: versions, units, disk and file system types, partition flags, and a fresh
# msdos label on a small disk image in a temporary directory (no real device).
import os, tempfile
import _ped
assert isinstance(_ped.libparted_version(), str)
assert _ped.pyparted_version()[0] == 3
assert _ped.unit_get_name(_ped.UNIT_SECTOR) == 's'
assert _ped.unit_get_by_name('MiB') == _ped.UNIT_MEBIBYTE
msdos = _ped.disk_type_get('msdos')
assert msdos.name == 'msdos'
assert _ped.file_system_type_get('ext2').name == 'ext2'
assert _ped.partition_flag_get_name(_ped.PARTITION_BOOT) == 'boot'
try:
    _ped.disk_type_get('no-such-label')
except _ped.UnknownTypeException:
    pass
else:
    raise AssertionError('unknown label accepted')
with tempfile.TemporaryDirectory() as d:
    img = os.path.join(d, 'disk.img')
    with open(img, 'wb') as f:
        f.truncate(8 * 1024 * 1024)
    dev = _ped.device_get(img)
    assert dev.sector_size == 512 and dev.length == 16384
    disk = _ped.disk_new_fresh(dev, msdos)
    assert disk.type.name == 'msdos'
    geom = _ped.Geometry(dev, 2048, 4096)
    assert geom.end == 6143
    c = _ped.constraint_exact(geom)
    assert c.start_range.start == 2048
    del disk, geom, c, dev
import gc; gc.collect()
