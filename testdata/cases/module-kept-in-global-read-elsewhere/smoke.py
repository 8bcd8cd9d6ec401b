import ledger

# round() reads the `places` setting through the module global that the init keeps
assert ledger.round(2.34567) == 2.35, ledger.round(2.34567)
ledger.places = 0
assert ledger.round(2.6) == 3.0, ledger.round(2.6)
ledger.places = 2

ledger.check(5)
try:
    ledger.check(-1)
except ledger.LedgerError as e:
    assert 'negative' in str(e), e
else:
    raise AssertionError('check(-1) should raise LedgerError')
print('smoke ok')
