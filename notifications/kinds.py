"""The kinds of email (PLAT-NOTIFY-1). Essential ones always go; users may turn the others off on
their preferences page or through the unsubscribe link in each."""

from __future__ import annotations

# cancellations, denials, payment deadlines, invoices and credit notes issued, failed payments,
# account mail, escalations
ESSENTIAL = "essential"

OPTIONAL = {
    "job_updates": "Updates on your requests (received, approved, officers assigned)",
    "reminders": "Reminders the day before a detail you are working",
    "digest": "A daily digest of new positions that match you",
    "surveys": "A short survey after a job is complete",
    "receipts": "Receipts of payments and refunds (they stay on the invoice page)",
}


def label(kind: str) -> str:
    return OPTIONAL.get(kind, "Essential notices")
