"""The agency's public profile, edited by its admins (audited): name, contact numbers, email,
website and description. The time zone and currency are the rate card's too, so they change
with a card (``load_ratecard``), not here."""

from __future__ import annotations

from django.db import transaction

from agencies.models import Agency
from agencies.pricing.document import PROFILE_FIELDS
from audit import log
from detailhire import policy

# the document's profile fields but those the card shares (slug, time zone, currency)
EDITABLE = tuple(name for name in PROFILE_FIELDS if name not in ("slug", "time_zone", "currency"))


def update_profile(agency: Agency, values: dict[str, str], *, actor) -> list[str]:
    """Set the profile fields in ``values`` (already checked by the form); record which changed.
    Returns the names of the fields that changed (none: nothing written, nothing recorded)."""
    policy.require(actor, "agency.manage", agency)
    with transaction.atomic():
        locked = Agency.objects.select_for_update().get(pk=agency.pk)
        changed = [
            name for name in EDITABLE if name in values and getattr(locked, name) != values[name]
        ]
        if not changed:
            return []
        before = {name: getattr(locked, name) for name in changed}
        for name in changed:
            setattr(locked, name, values[name])
        locked.save(update_fields=changed)
        log.record(
            locked,
            actor=actor,
            event="agency.profile_changed",
            agency=locked,
            data={"fields": changed, "before": before, "after": {n: values[n] for n in changed}},
        )
    for name in changed:
        setattr(agency, name, values[name])
    return changed
