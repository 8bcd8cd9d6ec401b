import ipaddress
import netkind

assert netkind.kind(ipaddress.ip_address("10.0.0.1")) == "address"
assert netkind.kind(ipaddress.ip_network("10.0.0.0/8")) == "network"
assert netkind.kind("10.0.0.1") == "other"
assert netkind.kind(ipaddress.ip_address("::1")) == "address"
print("smoke ok")
