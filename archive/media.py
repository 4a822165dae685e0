"""Serving uploaded photos from MEDIA_ROOT, also with DEBUG off (gunicorn).

Photos are stored under photos/<report id>/; a photo is served to everyone
when its report is published and to staff always (drafts are reviewed in the
admin). Anything else under MEDIA_ROOT is not served. django.views.static.serve
keeps paths inside the document root; file names carry a random token.
"""

import re

from django.conf import settings
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

from archive.models import Report

# The names images.fill_photo gives ("<token>[-display|-thumbnail].<ext>"), with
# room for files named by hand; anything else (a 4,096-character name made the
# file system raise "File name too long") is simply not a photo.
_NAME = re.compile(r"[\w.-]{1,200}")


@require_safe
def photo(request, report_id, name):
    if not _NAME.fullmatch(name):
        raise Http404("Không có ảnh này.")
    if not (request.user.is_authenticated and request.user.is_staff):
        if not Report.objects.published().filter(pk=report_id).exists():
            raise Http404("Không có ảnh này.")
    try:
        response = serve(request, f"photos/{report_id}/{name}", document_root=settings.MEDIA_ROOT)
    except OSError:  # a path the file system refuses is no photo either
        raise Http404("Không có ảnh này.") from None
    # Public photos of published reports can be cached; drafts' photos must not be.
    response["Cache-Control"] = (
        "private, no-store" if request.user.is_staff else "public, max-age=86400"
    )
    return response
