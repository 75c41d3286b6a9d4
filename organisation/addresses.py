"""Who is calling: the client address behind trusted proxies (`TRUSTED_PROXIES`)."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

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
