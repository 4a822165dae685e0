"""Serving uploaded photos from MEDIA_ROOT, also with DEBUG off (gunicorn).

Photos are stored under photos/<report id>/; a photo is served to everyone
when its report is published and to staff always (drafts are reviewed in the
admin). Anything else under MEDIA_ROOT is not served. django.views.static.serve
keeps paths inside the document root; file names carry a random token.
"""

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

from archive.models import Report


@require_safe
def photo(request, report_id, name):
    if not (request.user.is_authenticated and request.user.is_staff):
        if not Report.objects.published().filter(pk=report_id).exists():
            raise Http404("Không có ảnh này.")
    response = serve(request, f"photos/{report_id}/{name}", document_root=settings.MEDIA_ROOT)
    # Public photos of published reports can be cached; drafts' photos must not be.
    response["Cache-Control"] = (
        "private, no-store" if request.user.is_staff else "public, max-age=86400"
    )
    return response
