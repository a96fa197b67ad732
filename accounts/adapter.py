"""django-allauth's account adapter: after login each role lands on its own home; failed logins
are counted per account and client, and per account across clients (accounts/limits.py), the
same for the HTML login and the API's token endpoint."""

from allauth.account.adapter import DefaultAccountAdapter

from accounts import limits
from accounts.homes import home_url


def _login(credentials: dict) -> str:
    return credentials.get("email") or credentials.get("username") or ""


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        """A safe ``next`` the login form carried wins (allauth checks it before asking here);
        otherwise the signed-in user's home."""
        return home_url(request.user)

    # --- failed logins (accounts/limits.py) ---

    def _get_login_attempts_cache_key(self, request, **credentials):
        """allauth counts ``login_failed`` per this key: the account *and* the client, so that
        nobody can lock an account's owner out by failing on purpose."""
        return limits.account_client_key(request, _login(credentials))

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        if limits.account_is_refused(request, _login(credentials)):
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials):
        limits.record_failure(request, _login(credentials))

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        limits.record_success(request, user.email, response)
        return response

    def _delete_login_attempts_cached_email(self, request, **credentials):
        super()._delete_login_attempts_cached_email(request, **credentials)
        limits.forget_failures(request, _login(credentials))
