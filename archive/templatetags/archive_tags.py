"""Template helpers for the browsable archive."""

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from archive import codes

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
    """ "04/12/2023", "04/12/2023 (suy ra)" or "Chưa rõ ngày"."""
    if report.event_date is None:
        return "Chưa rõ ngày"
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
