"""``/agency-admin/``: the way in to the agency admin's pages from the site's navigation."""

from django.urls import path

from agencies import manage

urlpatterns = [path("", manage.admin_entry, name="agency-admin")]
