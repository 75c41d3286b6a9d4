"""Who is calling, and how often: the client address behind trusted proxies, and a throttle shared by all workers."""

import ipaddress
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from organisation.models import RateWindow

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _trusted(address: str | None) -> bool:
    if address is None:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless that is a configured proxy (`TRUSTED_PROXIES`): then the right-most X-Forwarded-For
    hop that is not a trusted proxy. Hops left of it were written by the client and are never believed."""
    remote = _address(request.META.get("REMOTE_ADDR", "")) or "unknown"
    if not _trusted(remote):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return remote  # the proxy passed on something that is not an address: do not guess
        if not _trusted(address):
            return address
    return remote


def rate_window_hit(*, key: str, window_start: datetime) -> int:
    """Count one request for `key` in the window starting at `window_start`; returns the window's count so far."""
    table = RateWindow._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (key, window_start, hits) VALUES (%s, %s, 1)
            ON CONFLICT (key) DO UPDATE SET
                hits = CASE WHEN {table}.window_start = EXCLUDED.window_start THEN {table}.hits + 1 ELSE 1 END,
                window_start = EXCLUDED.window_start
            RETURNING hits
            """,
            [key[:200], window_start],
        )
        return int(cursor.fetchone()[0])


class SharedRateThrottle(BaseThrottle):
    """A fixed-window throttle per client address whose counters live in PostgreSQL, so the limit holds across
    every worker process and a forged X-Forwarded-For changes nothing. The rate is
    `DEFAULT_THROTTLE_RATES[scope]`, read per request."""

    scope = "login"

    def allow_request(self, request: Request, view: Any) -> bool:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if not rate:
            return True
        count, unit = rate.split("/")
        limit, period = int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit[0]]
        now = timezone.now()
        start = datetime.fromtimestamp(now.timestamp() // period * period, tz=now.tzinfo)
        hits = rate_window_hit(key=f"{self.scope}:{client_address(request._request)}", window_start=start)
        self.retry_after = (start + timedelta(seconds=period) - now).total_seconds()
        return hits <= limit

    def wait(self) -> float | None:
        return getattr(self, "retry_after", None)
