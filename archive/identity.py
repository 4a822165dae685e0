"""Which edition of a document a citation means.

Document numbers start again with each term, so one code names several
documents: 27-NQ/TW is the Central Committee's resolution on wages of 2018 and
its resolution on the socialist rule-of-law state of 2022. Each is one
``Document`` row (an *edition*: code and issue year). A citation is resolved
to one edition, in this order:

1. the issue date written with the citation ("27-NQ/TW ngày 9/11/2022"):
   the edition of that year, else the edition whose year is unknown;
2. the plenum named with it ("… của Hội nghị Trung ương 6 khóa XIII"):
   the edition that plenum passed;
3. the report's date: a document cannot be cited before it is issued, so the
   latest edition issued on or before it; if every edition known is later,
   the citation is of an edition not known yet (or of the undated one);
4. without any of these: the only edition, else the undated one, else the
   latest.

``choose`` is the rule, on any objects with ``year``, ``issue_date`` and
``plenum_id``; ``resolve_document`` applies it to the database. Import and
re-extraction (``archive.importing``) and search's code look-up use them, so
every part of the archive reads a citation the same way.
"""

import datetime

NEW = None  # what ``choose`` returns when the citation is of an edition not known yet


def as_date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _issued(edition):
    """The edition's issue date, or 1 January of its year, or None."""
    if edition.issue_date:
        return as_date(edition.issue_date)
    return datetime.date(edition.year, 1, 1) if edition.year else None


def choose(editions, *, on=None, year=None, plenum_id=None):
    """The edition among ``editions`` a citation means, or ``NEW`` (None) when
    it must be another one. ``on``: the report's date; ``year``: the issue year
    written with the citation; ``plenum_id``: the plenum named with it."""
    editions = list(editions)
    if not editions:
        return NEW
    undated = next((e for e in editions if not e.year and not e.issue_date), None)
    if year:
        same = [e for e in editions if (e.year or getattr(_issued(e), "year", None)) == year]
        return same[0] if same else undated
    if plenum_id:
        passed = [e for e in editions if e.plenum_id == plenum_id]
        if passed:
            return passed[0]
        if undated is not None and not undated.plenum_id:
            return undated  # known by number only so far: this citation completes it
        if all(e.plenum_id for e in editions):
            return NEW  # every known edition is another plenum's
    on = as_date(on)
    dated = sorted((e for e in editions if _issued(e)), key=_issued)
    if on is not None:
        before = [e for e in dated if _issued(e) <= on]
        if before:
            return before[-1]
        return undated if undated else (NEW if dated else editions[0])
    if len(editions) == 1:
        return editions[0]
    return undated or dated[-1]


def editions(code, queryset=None, *, public=False):
    """Every edition of ``code`` (canonical) in ``queryset`` (all documents by
    default), oldest first, undated last; ``public``: only those readers may
    see (``DocumentQuerySet.public_few``)."""
    from archive.models import Document

    rows = (queryset if queryset is not None else Document.objects).filter(code=code)
    rows = rows.select_related("plenum__term")
    rows = rows.public_few() if public else list(rows)
    return sorted(rows, key=lambda d: (_issued(d) is None, _issued(d) or datetime.date.min))


def editions_at(slug, queryset=None, *, public=False):
    """The editions a document address designates that is no edition's own
    slug: "27-nq-tw" (the address before editions) → every edition of
    27-NQ/TW; "27-NQ-TW-2018", "27-NQ/TW" → likewise, as far as they read."""
    from archive import codes

    parsed = codes.split_edition_slug(slug)
    if parsed is None and codes.normalize_code(slug or ""):
        parsed = (codes.normalize_code(slug), None)
    if parsed is None:
        return []
    code, year = parsed
    return [d for d in editions(code, queryset, public=public) if year is None or d.year == year]


def resolve_document(code, *, on=None, year=None, plenum_id=None, queryset=None, public=False):
    """The ``Document`` a citation of ``code`` means (see the module's rule),
    or None when no known edition fits. ``queryset``: where to look; all
    documents by default. ``public``: only editions readers may see."""
    from archive import codes
    from archive.models import Document

    code = codes.normalize_code(code or "") or (code or "").strip().upper()
    rows = (queryset if queryset is not None else Document.objects).filter(code=code)
    return choose(rows.public_few() if public else rows, on=on, year=year, plenum_id=plenum_id)
