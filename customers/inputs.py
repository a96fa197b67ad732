"""Typed values the customers services take (read once at the edge: the organization form)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OrganizationDetails:
    """What a member can change about their organization."""

    name: str
    billing_contact: str = ""
    billing_email: str = ""
    address: str = ""
    phone: str = ""
