"""django-allauth's account adapter: after login each role lands on its own home."""

from allauth.account.adapter import DefaultAccountAdapter

from accounts.homes import home_url


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """A safe ``next`` the login form carried wins (allauth checks it before asking here);
        otherwise the signed-in user's home."""
        return home_url(request.user)
