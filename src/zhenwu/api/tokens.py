"""Personal API tokens: `Authorization: Bearer zw_…`. The request then acts as the token's owner."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja.security import HttpBearer

TOUCH_EVERY = dt.timedelta(minutes=5)  # last_used_at is written at most this often (no write per request)


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token: str):
        from zhenwu.core.actions import find_token, touch_token

        found = find_token(token)
        if found is None:
            return None
        if found.last_used_at is None or timezone.now() - found.last_used_at > TOUCH_EVERY:
            touch_token(found)
        request.user = found.user
        return found.user


token_auth = TokenAuth()
