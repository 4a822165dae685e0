"""Rendered report pages kept for anonymous readers.

Building a report page takes seven queries, the document codes linked in the
body and the related reports; sending a kept copy takes one small query by
primary key. ``manage.py bench`` measures both: its "pages" phase times first
and repeated views, its "http" phase pages served the way readers get them.

Freshness: an entry remembers the ``(id, status, slug, updated_at)`` of the
report and of the related reports it lists, read from the very rows the page was
rendered from. Before a kept page is sent, one query re-reads those rows; any
difference (an edit saved through the admin or the ORM, unpublishing the report
or a related one, a new slug) and the page is rendered afresh. So a draft is
never shown, and an edit shows on the next request, in every worker.

What lives outside those rows (a renamed person or place, a photo edited on its
own admin page, a newly related report) is caught at once in the process that
saves it (``connect`` below drops the entry) and everywhere else within
``PAGE_SECONDS``. Staff never read or fill the cache: they preview drafts and
check their edits.

The entries live in Django's default cache: per process (LocMemCache) unless
CACHES points at a shared one, which then also shares the signals' deletions.
Each language has its own entry (the page at /bai/1/… is Vietnamese, the one at
/en/bai/1/… English), and a change drops both.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import translation

# Bounds how long a change outside the checked rows (see above) can go unseen.
PAGE_SECONDS = 60
_KEY = "archive:report-page:{}:{}"


def _key(pk, language=None):
    return _KEY.format(language or translation.get_language() or settings.LANGUAGE_CODE, pk)


def _stamp(reports):
    return sorted((r.pk, r.status, r.slug, r.updated_at) for r in reports)


def _current_stamp(ids):
    from archive.models import Report

    return sorted(
        Report.objects.filter(pk__in=ids)
        .order_by()
        .values_list("pk", "status", "slug", "updated_at")
    )


def _anonymous(request):
    # No session cookie, nobody logged in: answering without opening the session
    # also keeps "Vary: Cookie" off the page, as it was before pages were kept.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return request.user.is_anonymous


def cached_page(request, pk, slug):
    """The kept page for report ``pk`` if it is still exactly what a render would
    give this (anonymous) request; else None and the caller renders."""
    if not _anonymous(request):
        return None
    entry = cache.get(_key(pk))
    if entry is None:
        return None
    stamp, content = entry
    own = next((row for row in stamp if row[0] == pk), None)
    # A non-canonical slug gets its redirect from the full view.
    if own is None or own[2] != slug or _current_stamp([row[0] for row in stamp]) != stamp:
        return None
    return HttpResponse(content)


def keep_page(request, report, related, response):
    """Keep a freshly rendered public page for later anonymous requests."""
    if response.status_code != 200 or not _anonymous(request):
        return
    reports = [report, *related]
    if all(r.is_published for r in reports):
        cache.set(_key(report.pk), (_stamp(reports), response.content), PAGE_SECONDS)


def _forget(sender, instance, **kwargs):
    report_id = instance.pk if sender._meta.model_name == "report" else instance.report_id
    if report_id:
        cache.delete_many([_key(report_id, code) for code, _name in settings.LANGUAGES])


def connect():
    """Drop a kept page when a row it was rendered from changes (called from
    ``ArchiveConfig.ready()``)."""
    from archive.models import (
        Appearance,
        ConnectionPoint,
        Photo,
        Report,
        ReportDocument,
        ReportPlenum,
    )

    for model in (Report, ReportDocument, ReportPlenum, Appearance, ConnectionPoint, Photo):
        uid = f"archive.page_cache.{model._meta.model_name}"
        post_save.connect(_forget, sender=model, dispatch_uid=uid)
        post_delete.connect(_forget, sender=model, dispatch_uid=uid)
