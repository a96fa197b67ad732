"""Agency models: the tenant and its staff (``agency``), its versioned rate cards (``ratecard``)."""

from .agency import Agency, StaffMembership
from .ratecard import (
    AddOn,
    BillingBlock,
    CalendarDate,
    CalendarRule,
    CancellationCharge,
    CancellationRule,
    JobType,
    NoticeRule,
    Rank,
    Rate,
    RateCard,
    RateCardDraft,
    RateCategory,
    SupervisionRatio,
    SupervisionRow,
    Tier,
    WorkCategory,
)

__all__ = [
    "AddOn",
    "Agency",
    "BillingBlock",
    "CalendarDate",
    "CalendarRule",
    "CancellationCharge",
    "CancellationRule",
    "JobType",
    "NoticeRule",
    "Rank",
    "Rate",
    "RateCard",
    "RateCardDraft",
    "RateCategory",
    "StaffMembership",
    "SupervisionRatio",
    "SupervisionRow",
    "Tier",
    "WorkCategory",
]
