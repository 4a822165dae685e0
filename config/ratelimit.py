"""Who a client is, for the per-client limits of the alert form (alerts/)
and the API (search/): its IP address, or the one a trusted reverse proxy
forwarded (``TRUSTED_PROXIES``: how many proxies stand in front of the site)."""

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
