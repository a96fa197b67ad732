"""Officer services (docs/architecture.md): each business action is one function that locks,
re-checks and writes, with an audit row, raising ``detailhire.errors.DomainError`` subclasses.

- ``claims``: claim_position, withdraw, release_assignment (PLAT-CLAIM-1)
- ``substitution``: substitute (NOPD-SUB-1)
- ``eligibility``: rank, specialty and preferred-window checks (NOPD-REL-1)
- ``caps``: overlaps and hour caps (PLAT-OVERLAP-1, NOPD-CAP-1)
- ``responsibility``: who is in charge on a shift (NOPD-SUP-1)
- ``board``: the job board query
"""
