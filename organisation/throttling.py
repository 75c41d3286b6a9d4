"""How often a client calls: a throttle shared by all workers (the client is `organisation.addresses.client_address`)."""

from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

from organisation.addresses import client_address
from organisation.models import RateWindow


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
            RETURNING hits, xmax = 0
            """,
            [key[:200], window_start],
        )
        hits, inserted = cursor.fetchone()
        if inserted:  # a new caller: forget the idle ones
            cursor.execute(
                f"DELETE FROM {table} WHERE window_start < %s", [window_start - RateWindow.FORGET_AFTER]
            )
        return int(hits)


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
