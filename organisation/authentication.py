"""`Authorization: Token <key>` against `AuthToken`: hashed keys, one per client, with an expiry."""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from organisation.models import AuthToken, token_digest

# Writing `last_used_at` on every request would turn each read into a write; once a minute is precise enough.
LAST_USED_PRECISION = timedelta(minutes=1)


class ExpiringTokenAuthentication(TokenAuthentication):
    model = AuthToken

    def authenticate_credentials(self, key: str) -> tuple[Any, AuthToken]:
        now = timezone.now()
        token = (
            AuthToken.objects.select_related("user")
            .filter(digest=token_digest(key), expires_at__gt=now)
            .first()
        )
        if token is None or not token.user.is_active:
            raise AuthenticationFailed("Token tidak sah atau sudah kedaluwarsa.", code="invalid_token")
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            AuthToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
