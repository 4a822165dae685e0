"""Error answers in the page's language (Vietnamese, English under /en/): the 400 page says which upload limit was passed,
requests over the total size are refused before anything reads them, and
everything under /api/ answers in JSON, whatever the error and whoever raised it
(the URL resolver, a decorator, the CSRF check, a crash)."""

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import requires_csrf_token

from archive.i18n import split_language

API_PREFIX = "/api/"
API_MESSAGES = {
    400: gettext_lazy("Yêu cầu không hợp lệ."),
    403: gettext_lazy("Không được phép truy cập."),
    404: gettext_lazy(
        "Không tìm thấy: địa chỉ này không có trong API. Xem /api/search/ và /api/reports/<số>/."
    ),
    405: gettext_lazy("Phương thức không được hỗ trợ: API chỉ nhận GET."),
    413: gettext_lazy("Yêu cầu quá lớn."),
    500: gettext_lazy("Lỗi máy chủ; lỗi đã được ghi lại, xin thử lại sau."),
}


def _mb(n):
    return f"{n / (1024 * 1024):.0f} MB"


def limit_message(exception):
    """What to tell someone whose request passed one of the size limits."""
    if isinstance(exception, TooManyFilesSent):
        return _(
            "Gửi quá nhiều tệp cùng lúc (tối đa %(count)d tệp). "
            "Hãy tải lên ít ảnh hơn, rồi thêm các ảnh còn lại ở trang sửa bài."
        ) % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    if isinstance(exception, TooManyFieldsSent):
        return _("Biểu mẫu có quá nhiều trường (tối đa %(count)d); hãy lưu từng phần.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(exception, RequestDataTooBig):
        return _(
            "Dữ liệu gửi lên quá lớn: văn bản dán vào tối đa %(pasted)s (bài dài hơn hãy "
            "tải lên dưới dạng tệp, tối đa %(file)s), cả lần gửi tối đa %(total)s. Hãy chia "
            "nhỏ rồi gửi lại."
        ) % {
            "pasted": _mb(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
            "file": _mb(settings.ARCHIVE_MAX_TEXT_BYTES),
            "total": _mb(settings.ARCHIVE_MAX_REQUEST_BYTES),
        }
    return None


@requires_csrf_token
def bad_request(request, exception=None):
    message = limit_message(exception)
    status = 413 if isinstance(exception, RequestDataTooBig) else 400
    back = request.META.get("HTTP_REFERER", "")
    try:
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = ""
    except DisallowedHost:  # this very 400 may be for a bad Host header
        back = ""
    context = {"message": message, "back": back}
    return TemplateResponse(request, "400.html", context, status=status)


@requires_csrf_token
def csrf_failure(request, reason=""):
    return TemplateResponse(request, "403_csrf.html", status=403)


class RequestLimitsMiddleware:
    """Refuses a request body larger than ``ARCHIVE_MAX_REQUEST_BYTES`` from its
    Content-Length, before the CSRF check or a view reads it (Django bounds the
    form fields and the number of files, not the size of uploaded files)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.ARCHIVE_MAX_REQUEST_BYTES:
            # The 400 handler answers (in JSON under /api/).
            raise RequestDataTooBig("request body over ARCHIVE_MAX_REQUEST_BYTES")
        return self.get_response(request)


class ApiJsonErrorsMiddleware:
    """Any error answer under /api/ that is not JSON already becomes JSON
    ``{"error": …}`` with the same status (and Allow header)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language, path = split_language(request.path)
        if not path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        message = getattr(response, "context_data", None) or {}
        with translation.override(language):
            message = str(
                message.get("message")
                or API_MESSAGES.get(status, API_MESSAGES[500 if status >= 500 else 400])
            )
        answer = JsonResponse(
            {"api_version": settings.API_VERSION, "error": message},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
        if response.has_header("Allow"):
            answer["Allow"] = response["Allow"]
        return answer
