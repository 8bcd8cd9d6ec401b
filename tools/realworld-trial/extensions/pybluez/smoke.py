# Our own smoke test: address and byte-order helpers, HCI opcodes, the module's socket type and its exceptions.
import bluetooth._bluetooth as bt
assert bt.ba2str(bt.str2ba("01:23:45:67:89:AB")) == "01:23:45:67:89:AB"
assert bt.btohs(bt.htobs(0x1234)) == 0x1234
assert bt.btohl(bt.htobl(0x12345678)) == 0x12345678
# (no hci_filter_* calls: they write into the bytes of the str object hci_filter_new() returns)
op = bt.cmd_opcode_pack(0x04, 0x0009)
assert bt.cmd_opcode_ogf(op) == 0x04 and bt.cmd_opcode_ocf(op) == 0x0009
assert issubclass(bt.timeout, bt.error)
bt.setdefaulttimeout(2.5)
assert bt.getdefaulttimeout() == 2.5
bt.setdefaulttimeout(None)
assert bt.getdefaulttimeout() is None
assert isinstance(bt.btsocket, type) and isinstance(bt.SDPSession, type)
try:
    s = bt.btsocket(bt.RFCOMM)
except bt.error:
    pass  # no Bluetooth sockets on this host: the module's own exception
else:
    assert s.family == bt.AF_BLUETOOTH
    s.close()
try:
    bt.str2ba("not an address")
except (bt.error, ValueError, TypeError):
    pass
