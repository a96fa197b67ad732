from django.contrib import admin

from customers.models import CustomerMembership, CustomerOrganization


class MembershipInline(admin.TabularInline):
    model = CustomerMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(CustomerOrganization)
class CustomerOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "billing_contact", "phone", "created_at"]
    search_fields = ["name", "billing_email"]
    inlines = [MembershipInline]
