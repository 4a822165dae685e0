"""Per-client limits, for the alert form (alerts/) and the API (search/):
who a client is (its IP address, or the one a trusted reverse proxy
forwarded: ``TRUSTED_PROXIES`` says how many stand in front of the site)
and a fixed-window request counter."""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches


def client_address(request):
    address = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        # Each proxy appends the address it received from: the one added by
        # the outermost trusted proxy is the client's; what is left of it,
        # the client could have written itself.
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            address = hops[-proxies]
    return address


def over_limit(scope, client, limit, window):
    """Count one request of ``client`` in ``scope``; the seconds to wait when
    it is over ``limit`` requests in the current window of ``window``
    seconds, else 0. The counts live in the "ratelimit" cache, files under
    the data directory that every gunicorn worker shares (a lost increment
    when two workers count at once is fine for a limit this simple)."""
    if limit <= 0:
        return 0
    now = time.time()
    slot = int(now // window)
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]
    key = f"{scope}:{digest}:{slot}"
    counts = caches["ratelimit"]
    counts.add(key, 0, timeout=window + 1)
    try:
        count = counts.incr(key)
    except ValueError:  # expired between add and incr
        counts.set(key, 1, timeout=window + 1)
        count = 1
    if count <= limit:
        return 0
    return int((slot + 1) * window - now) + 1
