"""Phone numbers (an officer's, an organization's): a plausible number, as a person writes it.

Accepted: a North American number (10 digits, or 11 starting with 1; the area code and the
exchange do not start with 0 or 1), or an international one written with ``+`` and its country
code (8 to 15 digits, E.164), optionally followed by an extension (``x123``, ``ext. 123``). Only
digits, spaces and ``+ - . ( ) /`` are allowed: no markup, no letters besides the extension.
The number is kept as written (spaces collapsed)."""

from __future__ import annotations

import re

from detailhire.errors import DomainError

MAX_LENGTH = 40
EXAMPLE = "(504) 555-0101 or +44 20 7946 0958"
_SHAPE = re.compile(r"^\+?[\d\s().\-/]+?(?:\s*(?:x|ext\.?|extension)\s*(\d{1,6}))?$", re.I)
_NANP = re.compile(r"^1?([2-9]\d{2})([2-9]\d{2})(\d{4})$")


def clean_phone(value: str | None) -> str:
    """``value`` cleaned ("" when empty), or DomainError(field="phone") naming what is wrong."""
    phone = " ".join((value or "").split())
    if not phone:
        return ""
    if len(phone) > MAX_LENGTH:
        raise DomainError(f"Phone: at most {MAX_LENGTH} characters.", field="phone")
    match = _SHAPE.match(phone)
    if match is None:
        raise DomainError(f"Phone: give a number with digits only, like {EXAMPLE}.", field="phone")
    number = phone[: match.start(1)] if match.group(1) else phone
    number = re.sub(r"\s*(?:x|ext\.?|extension)\s*$", "", number, flags=re.I)
    digits = re.sub(r"\D", "", number)
    if number.lstrip().startswith("+"):
        plausible = 8 <= len(digits) <= 15 and digits[0] != "0"
    else:
        plausible = _NANP.match(digits) is not None
    if not plausible:
        raise DomainError(f"Phone: give a number like {EXAMPLE}.", field="phone")
    return phone
