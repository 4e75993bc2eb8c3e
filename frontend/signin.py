"""The staff sign-in page, which says when signing in cannot work over this connection.

With DEBUG off the session and CSRF cookies are Secure: a browser on plain HTTP
drops them, and the sign-in then fails with a bare CSRF error and no hint why.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import LoginView


class SignInView(LoginView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        secure_cookies = settings.SESSION_COOKIE_SECURE or settings.CSRF_COOKIE_SECURE
        context["cookies_need_https"] = secure_cookies and not self.request.is_secure()
        return context
