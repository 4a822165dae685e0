"""The API's per-client rate limit: past ``API_RATE_LIMIT`` requests in
``API_RATE_WINDOW`` seconds, /api/… answers 429 with a Vietnamese message
and Retry-After (the /api/ documentation page and loopback clients are
never limited)."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

from archive.i18n import split_language
from config.ratelimit import client_address, over_limit

API_PREFIX = "/api/"
# Never limited: the machine itself (the benchmark's load, tests, local tools).
LOOPBACK = {"127.0.0.1", "::1"}


class ApiRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = split_language(request.path)[1]
        if path.startswith(API_PREFIX) and path != API_PREFIX:
            client = client_address(request)
            if client not in LOOPBACK:
                wait = over_limit("api", client, settings.API_RATE_LIMIT, settings.API_RATE_WINDOW)
                if wait:
                    return too_many(wait)
        return self.get_response(request)


def too_many(wait):
    message = _(
        "Quá nhiều yêu cầu: tối đa %(limit)d yêu cầu mỗi %(window)d giây. Vui lòng thử "
        "lại sau %(wait)d giây, hoặc tải toàn bộ dữ liệu tại /du-lieu/."
    ) % {"limit": settings.API_RATE_LIMIT, "window": settings.API_RATE_WINDOW, "wait": wait}
    response = JsonResponse(
        {"api_version": settings.API_VERSION, "error": message},
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(wait)
    return response
