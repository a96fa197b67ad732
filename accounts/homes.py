"""Where each role lands: the home page made for it (after login, and from the site header).

Agency staff land on their desk (the dashboard), officers on their job board, customers on
their jobs, and a signed-up user with no role yet on "create or join an organization"."""

from __future__ import annotations

from django.urls import reverse

from accounts.roles import roles_of


def home_url(user) -> str:
    roles = roles_of(user)
    if roles.staff_agency_ids:
        return reverse("desk:home")
    if roles.officer_id is not None:
        return reverse("officers:board")
    if roles.organization_ids:
        return reverse("jobs:list")
    return reverse("customers:org-start")
