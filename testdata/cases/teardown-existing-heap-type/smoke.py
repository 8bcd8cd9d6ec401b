import tickets

a = tickets.Ticket()
b = tickets.Ticket()
assert (a.number, b.number) == (1, 2), (a.number, b.number)
assert tickets.open() == 2
del a
assert tickets.open() == 1
c = tickets.Ticket()
assert c.number == 1, c.number

class Special(tickets.Ticket):
    pass

s = Special()
assert s.number == 3
del s
assert tickets.Ticket().number == 3
# Tickets that die with the module when the interpreter ends.
tickets.kept = [tickets.Ticket(), Special()]
tickets.kept.append(tickets)
print("smoke ok")
