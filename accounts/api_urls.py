from django.urls import path

from accounts import api

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="api-auth-token"),
    path("auth/me/", api.MeView.as_view(), name="api-auth-me"),
    path("auth/tokens/", api.TokenListView.as_view(), name="api-auth-tokens"),
    path(
        "auth/tokens/<str:token_id>/", api.TokenRevokeView.as_view(), name="api-auth-token-revoke"
    ),
]
