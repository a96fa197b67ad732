"""Admin for agencies, their staff and their rate cards (the proper card editor comes later).

Every save of a card or one of its rows re-reads the whole card and runs
``agencies.pricing.validate.validate_card``; an inconsistent card is rolled back and the form
comes back with the reason, the user's input kept. A saved change gives the version a new cache
token so ``agencies.ratecards.current_card`` serves it at once.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models as dj
from django.http import HttpResponseRedirect
from django.urls import reverse

from agencies import models as m
from agencies import ratecards
from agencies.pricing.document import DocumentError
from agencies.pricing.validate import validate_card


class CardInvalid(Exception):
    """Raised inside the admin's transaction so that it rolls back."""


def _check_and_touch(card_model: m.RateCard) -> None:
    try:
        validate_card(ratecards.card_from_model(ratecards.load_model(card_model.pk)))
    except DocumentError as exc:
        raise CardInvalid(str(exc)) from None
    ratecards.touch(card_model)


class ValidatedCardAdmin(admin.ModelAdmin):
    """Saves and deletions that leave the card inconsistent are refused, nothing written."""

    def card_of(self, obj) -> m.RateCard:
        return obj.card

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        error = getattr(request, "_card_error", None)
        if error is None:
            return form

        class WithCardError(form):
            def clean(self):
                cleaned = super().clean()
                self.add_error(None, error)
                return cleaned

        return WithCardError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except CardInvalid as exc:
            # The first attempt was rolled back; show the form again with the reason.
            request._card_error = f"Not saved: the rate card would be inconsistent: {exc}"
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _check_and_touch(self.card_of(form.instance))

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except CardInvalid as exc:
            self.message_user(request, f"Not deleted: {exc}", messages.ERROR)
            opts = self.model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            return HttpResponseRedirect(url)

    def delete_model(self, request, obj):
        card = self.card_of(obj)
        super().delete_model(request, obj)
        _check_and_touch(card)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, each checked
        return actions


# --- inlines ----------------------------------------------------------------------------------


class CardInline(admin.TabularInline):
    extra = 0
    ordering = ("position", "id")


class RankInline(CardInline):
    model = m.Rank
    fields = ("position", "code", "name", "level", "supervisor")


class TierInline(CardInline):
    model = m.Tier
    fields = ("position", "code", "name", "level", "description")


class RateCategoryInline(CardInline):
    model = m.RateCategory
    fields = ("position", "code", "name", "description")


class JobTypeInline(CardInline):
    model = m.JobType
    fields = (
        "position",
        "code",
        "name",
        "pricing",
        "specialty",
        "minimum_hours",
        "uses_tiers",
        "example",
        "rules",
        "description",
    )


class RateInline(CardInline):
    model = m.Rate
    fields = ("position", "job_type", "rank", "tier", "category", "officer_pay", "example")


class BillingBlockInline(CardInline):
    model = m.BillingBlock
    fields = ("position", "over_hours", "bill_hours")


class CalendarRuleInline(CardInline):
    model = m.CalendarRule
    show_change_link = True  # its dates are edited on its own page
    fields = (
        "position",
        "code",
        "name",
        "effect_kind",
        "effect_tier",
        "effect_category",
        "effect_multiplier",
        "effect_amount",
        "mode",
        "window_start",
        "window_end",
        "padding",
        "holidays",
        "country_calendar",
        "weekdays",
        "rules",
    )


class NoticeRuleInline(CardInline):
    model = m.NoticeRule
    fields = (
        "position",
        "code",
        "name",
        "within_hours",
        "effect_kind",
        "effect_tier",
        "effect_category",
        "effect_multiplier",
        "effect_amount",
        "requires_approval",
        "refuse",
        "warning",
        "rules",
    )


class AddOnInline(CardInline):
    model = m.AddOn
    fields = (
        "position",
        "code",
        "name",
        "kind",
        "amount",
        "accrues_to",
        "automatic",
        "window_start",
        "window_end",
        "weekdays",
        "unit",
        "max_quantity",
        "first_hour_amount",
        "unit_hours",
        "description",
        "rules",
    )


class SupervisionRowInline(CardInline):
    model = m.SupervisionRow
    fields = (
        "position",
        "min_officers",
        "max_officers",
        "supervisors",
        "rank",
        "counts_toward_requested",
        "rate_category",
        "example",
    )


class SupervisionRatioInline(CardInline):
    model = m.SupervisionRatio
    fields = (
        "position",
        "rank",
        "per_officers",
        "from_officers",
        "counts_toward_requested",
        "rate_category",
        "example",
    )


class CancellationRuleInline(CardInline):
    model = m.CancellationRule
    show_change_link = True  # its charges are edited on its own page
    fields = (
        "position",
        "code",
        "name",
        "stage",
        "within_hours",
        "inclusive",
        "after_start",
        "job_types",
        "description",
        "rules",
    )


class WorkCategoryInline(CardInline):
    model = m.WorkCategory
    fields = ("position", "slug", "name", "prohibited", "needs_review", "reason", "rules")


class CalendarDateInline(CardInline):
    model = m.CalendarDate
    fk_name = "rule"
    fields = ("position", "name", "start", "end")


class CancellationChargeInline(CardInline):
    model = m.CancellationCharge
    fk_name = "rule"
    fields = ("position", "kind", "hours", "amount")


# --- rate cards -------------------------------------------------------------------------------


@admin.register(m.RateCard)
class RateCardAdmin(ValidatedCardAdmin):
    list_display = ("agency", "version", "effective_from", "currency", "fee_kind", "created_at")
    list_filter = ("agency",)
    ordering = ("agency__slug", "-effective_from", "-version")
    readonly_fields = ("version", "created_at", "created_by", "cache_token")
    save_as = True  # "Save as new" stores the edited card as the next version
    save_on_top = True
    inlines = [
        RankInline,
        TierInline,
        RateCategoryInline,
        JobTypeInline,
        RateInline,
        BillingBlockInline,
        CalendarRuleInline,
        NoticeRuleInline,
        AddOnInline,
        SupervisionRowInline,
        SupervisionRatioInline,
        CancellationRuleInline,
        WorkCategoryInline,
    ]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "agency",
                    "version",
                    "effective_from",
                    "currency",
                    "time_zone",
                    "base_rank",
                    "default_tier",
                    "notes",
                )
            },
        ),
        (
            "Admin fee",
            {
                "fields": (
                    "fee_kind",
                    "fee_amount",
                    "fee_percent",
                    "fee_cap",
                    "fee_per_officer",
                    "fee_rounding",
                )
            },
        ),
        (
            "Hours",
            {
                "fields": (
                    "minimum_hours",
                    "max_shift_hours",
                    "overtime_after_hours",
                    "overtime_kind",
                    "overtime_multiplier",
                    "overtime_amount",
                    "overtime_compounds",
                    "overtime_increment_hours",
                    "premiums",
                )
            },
        ),
        (
            "Supervision",
            {
                "fields": (
                    "supervision_senior_officer_responsible",
                    "supervision_example",
                    "supervision_rules",
                )
            },
        ),
        (
            "Cancellation",
            {
                "fields": (
                    "cancellation_agency_cancel_free",
                    "cancellation_agency_cancel_rules",
                    "cancellation_withdraw_cutoff_hours",
                )
            },
        ),
        ("Notice", {"fields": ("unfilled_escalation_hours",)}),
        (
            "Payment terms",
            {
                "fields": (
                    "payment_kind",
                    "payment_hours_before_start",
                    "payment_net_days",
                    "payment_methods",
                    "payment_rules",
                    "payment_late_fee_percent",
                )
            },
        ),
        (
            "Officer hour caps",
            {
                "fields": (
                    "hour_caps_rolling_24h",
                    "hour_caps_per_week",
                    "hour_caps_week_starts",
                    "hour_caps_rules",
                )
            },
        ),
        (
            "Rule IDs quoted on lines",
            {"fields": ("rate_rules", "minimum_rules", "highest_rate_rules")},
        ),
        ("Record", {"fields": ("created_at", "created_by", "cache_token")}),
    )

    def card_of(self, obj):
        return obj

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id and "_saveasnew" in request.POST:
            request._copy_nested_from = object_id
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            # A new version: numbered after the agency's highest, under a lock on the agency.
            m.Agency.objects.select_for_update().get(pk=obj.agency_id)
            top = m.RateCard.objects.filter(agency_id=obj.agency_id).order_by("-version").first()
            obj.version = (top.version if top else 0) + 1
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        source = getattr(request, "_copy_nested_from", None)
        if source is not None:
            admin.ModelAdmin.save_related(self, request, form, formsets, change)
            _copy_nested_rows(m.RateCard.objects.get(pk=source), form.instance)
            _check_and_touch(form.instance)
        else:
            super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        slug = obj.agency.slug
        admin.ModelAdmin.delete_model(self, request, obj)
        ratecards.card_changed(slug)

    def get_actions(self, request):
        return admin.ModelAdmin.get_actions(self, request)

    def delete_queryset(self, request, queryset):
        slugs = set(queryset.values_list("agency__slug", flat=True))
        super().delete_queryset(request, queryset)
        for slug in slugs:
            ratecards.card_changed(slug)


def _copy_nested_rows(source: m.RateCard, target: m.RateCard) -> None:
    """ "Save as new" copies the inline rows; copy the rows nested under them too (by code)."""
    for rule in m.CalendarRule.objects.filter(card=target):
        old = m.CalendarRule.objects.filter(card=source, code=rule.code).first()
        if old is not None:
            for row in old.dates.all():
                row.pk = None
                row.rule = rule
                row.save()
    for rule in m.CancellationRule.objects.filter(card=target):
        old = m.CancellationRule.objects.filter(card=source, code=rule.code).first()
        if old is not None:
            for row in old.charges.all():
                m.CancellationCharge.objects.create(
                    rule=rule,
                    position=row.position,
                    kind=row.kind,
                    hours=row.hours,
                    amount=row.amount,
                )


@admin.register(m.CalendarRule)
class CalendarRuleAdmin(ValidatedCardAdmin):
    list_display = ("name", "code", "card", "effect_kind", "mode")
    list_filter = ("card__agency",)
    inlines = [CalendarDateInline]
    readonly_fields = ("card",)

    def has_add_permission(self, request):
        return False  # added from the card's page


@admin.register(m.CancellationRule)
class CancellationRuleAdmin(ValidatedCardAdmin):
    list_display = ("name", "code", "card", "stage", "within_hours")
    list_filter = ("card__agency",)
    inlines = [CancellationChargeInline]
    readonly_fields = ("card",)

    def has_add_permission(self, request):
        return False  # added from the card's page


# --- agencies and staff -----------------------------------------------------------------------


class StaffInline(admin.TabularInline):
    model = m.StaffMembership
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "role", "phone")


@admin.register(m.Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "time_zone", "currency", "office_phone")
    search_fields = ("slug", "name")
    inlines = [StaffInline]
    formfield_overrides = {dj.URLField: {"assume_scheme": "https"}}  # "opse.nola.gov" is https

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        ratecards.card_changed(obj.slug)  # the time zone decides "today" for the card in force


@admin.register(m.StaffMembership)
class StaffMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role", "phone")
    list_filter = ("agency", "role")
    raw_id_fields = ("user",)
