"""Template helpers for the browsable archive."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from archive import codes, i18n

register = template.Library()


@register.filter
def paragraphs(text):
    """A body as a list of non-empty paragraphs (one per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def link_codes(text, known_codes=None):
    """Escape ``text`` and link every document code in it to its document page.

    Only codes in ``known_codes`` are linked when it is given (the documents the
    report is attached to), so a link never leads to a missing page; when it
    maps each code to an address (the edition the report cites), that is the
    link. Otherwise a code links to its code's address, which leads to the one
    edition or lets the reader choose among those of that number. Every piece
    of the original text goes through escaping (even where autoescape is off),
    so the result is safe to mark.
    """
    text = str(text or "")
    parts, pos = [], 0
    for code, start, end in codes.find_codes(text):
        if start < pos or (known_codes is not None and code.code not in known_codes):
            continue
        parts.append(escape(text[pos:start]))
        if isinstance(known_codes, dict):
            url = known_codes[code.code]
        else:
            url = reverse("archive:document-detail", args=[codes.code_to_slug(code.code)])
        parts.append(
            format_html(
                '<a class="doc-code" href="{}" title="{}">{}</a>', url, code.code, text[start:end]
            )
        )
        pos = end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(str(p) for p in parts))


@register.filter
def event_date(report):
    """ "04/12/2023", "04/12/2023 (suy ra)" or "Chưa rõ ngày" (in the active language)."""
    if report.event_date is None:
        return gettext("Chưa rõ ngày")
    shown = report.event_date.strftime("%d/%m/%Y")
    if report.date_precision == report.DatePrecision.EXACT:
        return shown
    return f"{shown} ({report.get_date_precision_display()})"


@register.filter
def outlet(report):
    """The outlet that published ``report`` (conferences.outlet_name)."""
    from archive.conferences import outlet_name

    return outlet_name(report)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None removes one),
    for pagination links that keep the active filters."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def language_links(context):
    """This page in every language: [{code, name, path, url, current}], ``url``
    absolute (for ``hreflang``), ``path`` keeping the query string (for the switch)."""
    request = context.get("request")
    path = request.path if request else "/"
    query = request.META.get("QUERY_STRING", "") if request else ""
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        target = i18n.path_in(code, path)
        if query:
            target = f"{target}?{query}"
        links.append(
            {
                "code": code,
                "name": name,
                "path": target,
                "url": request.build_absolute_uri(target) if request else target,
                "current": code == current,
            }
        )
    return links
