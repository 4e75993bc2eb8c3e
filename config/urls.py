from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from frontend.signin import SignInView

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before django.contrib.auth's own: the same page, plus a word on HTTPS.
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("dispatch.urls")),
    path("", include("units.urls")),
    path("", include("calls.urls")),
    path("", include("frontend.urls")),
    path("", include("interop.urls")),
    path("", include("leaders.urls")),
]
