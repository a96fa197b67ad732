"""Agency models: the tenant and its staff (``agency``), its versioned rate cards (``ratecard``)."""

from .agency import Agency, StaffMembership

__all__ = ["Agency", "StaffMembership"]
