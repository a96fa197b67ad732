"""Officer services (docs/architecture.md): each business action is one function that locks,
re-checks and writes, with an audit row, raising ``detailhire.errors.DomainError`` subclasses.

- ``claims``: claim_position, withdraw, release_assignment (PLAT-CLAIM-1)
- ``substitution``: substitute (NOPD-SUB-1)
- ``eligibility``: rank, specialty and preferred-window checks (NOPD-REL-1)
- ``caps``: overlaps and hour caps (PLAT-OVERLAP-1, NOPD-CAP-1)
- ``responsibility``: who is in charge on a shift (NOPD-SUP-1)
- ``board``: the job board's one query, read by the pages and (prepared) by the API (README.md)
- ``attendance``: check-in, check-out and undoing a check-out (PLAT-ATTEND-1, PLAT-TIME-1)
- ``notes``: field notes and media, images re-encoded on upload (ODM-PORTAL-1)
- ``invitations``: inviting officers, their phone numbers
- ``jobstate``: the one call site of the jobs services when a position is taken or freed
- ``notify``: mail to coordinators (templates under templates/officers/email/)

Who may do what is asked of ``detailhire.policy`` (actions in officers/rules.py); the state sets
are in officers/states.py; input arrives typed (officers/inputs.py, officers/forms.py).
"""
