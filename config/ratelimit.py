"""Per-client limits, for the alert form (alerts/) and the API (search/):
who a client is (its IP address, or the one a trusted reverse proxy
forwarded: ``TRUSTED_PROXIES`` says how many stand in front of the site)
and a fixed-window request counter."""

import hashlib
import os
import time
from pathlib import Path

from django.conf import settings


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
    seconds, else 0.

    Counts are files under the data directory that every gunicorn worker
    shares: one file per client and window, one byte appended per request
    (appends are atomic, so no count is lost), its size the count. A client's
    first request in a window removes the files of windows past."""
    if limit <= 0:
        return 0
    now = time.time()
    slot = int(now // window)
    folder = Path(settings.DATA_DIR) / "ratelimit"
    digest = hashlib.sha256(f"{scope}:{client}".encode()).hexdigest()[:32]
    path = folder / f"{slot}-{digest}"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except FileNotFoundError:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, b".")
        count = os.fstat(fd).st_size
    finally:
        os.close(fd)
    if count == 1:
        _forget_before(folder, slot)
    if count <= limit:
        return 0
    return int((slot + 1) * window - now) + 1


def _forget_before(folder, slot):
    for old in folder.iterdir():
        name = old.name.partition("-")[0]
        if name.isdigit() and int(name) < slot:
            old.unlink(missing_ok=True)
