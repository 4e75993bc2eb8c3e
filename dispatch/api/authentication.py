"""API token authentication: django-rest-knox's, with `Authorization: Token <token>`.

Knox keeps only a digest of each token, gives every sign-in a token of its own and
lets tokens expire (dispatch.services.tokens issues and revokes them).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth
from rest_framework.exceptions import AuthenticationFailed

# What knox hands out (64 hex characters); longer allowed should the setting grow.
TOKEN_SHAPE = re.compile(r"[0-9a-f]{32,128}")


class TokenAuthentication(auth.TokenAuthentication):
    """Knox's, refusing what cannot be a token before it reaches the database.

    Knox decodes the header as UTF-8 and queries with it: a NUL byte or a byte that
    is not UTF-8 answered 500 instead of 401.
    """

    def authenticate_credentials(self, token: bytes) -> tuple[Any, Any]:
        if not TOKEN_SHAPE.fullmatch(token.decode("latin-1")):
            raise AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(token)


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI description of this subclass: knox's (`Authorization: Token ...`)."""

    target_class = "dispatch.api.authentication.TokenAuthentication"
    name = "tokenAuth"  # as DRF's own token scheme was called: clients keep the name
