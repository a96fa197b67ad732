"""The pure pricing and policy engine: rate-card snapshots and requests in, itemized quotes out.

Nothing in this package touches the ORM or the clock; callers pass ``requested_at``.
"""
