"""The site's home page: the agencies that take requests through DetailHire."""

from django.shortcuts import render

from agencies.models import Agency


def home(request):
    return render(request, "home.html", {"agencies": Agency.objects.order_by("name")})
