"""Cards shown above the results when a query is exactly one known thing:
a document, a plenum of a known term, or a person."""

from django.db.models import F

from archive import identity
from archive.models import Document, Person, Plenum


def find_document(ref):
    """The document a ``search.query.DocRef`` names (of a number used in
    several terms, the edition ``archive.identity`` picks: the latest);
    without an issuer, the Central Committee's first."""
    if ref.code:
        return identity.resolve_document(ref.code, public=True)
    candidates = (
        Document.objects.filter(number=ref.number, type=ref.type)
        .select_related("plenum__term")
        .public_few()
    )
    return sorted(candidates, key=lambda d: (d.issuer != "TW", d.code))[0] if candidates else None


def document_editions(document):
    """The editions readers may see of ``document``'s code, ``document`` first
    (27-NQ/TW of 2022, then of 2018), with their plenums."""
    others = (
        Document.objects.filter(code=document.code)
        .exclude(pk=document.pk)
        .select_related("plenum__term")
        .order_by("-year")
        .public_few()
    )
    return [document, *others]


def find_person(parsed):
    """The person card for a query that is exactly a known person's name,
    with the positions the reports give them, newest first:
    ``(person, [(position, date), …])`` or ``(None, [])``."""
    if not 2 <= len(parsed.words) <= 5 or parsed.documents or parsed.plenums or parsed.phrases:
        return None, []
    person = Person.objects.public_lookup(" ".join(parsed.words))  # drafts stay private
    if person is None:
        return None, []
    rows = (
        person.appearances.published()
        .exclude(position="")
        .order_by(F("report__event_date").desc(nulls_last=True))
        .values_list("position", "report__event_date")[:50]
    )
    positions = {}
    for position, date in rows:
        positions.setdefault(position, date)
    return person, list(positions.items())[:4]


def find_plenum(parsed):
    """The plenum card for a query that is exactly one plenum of a known term."""
    if len(parsed.plenums) != 1 or parsed.words or parsed.documents or parsed.phrases:
        return None
    ref = parsed.plenums[0]
    if not ref.term:
        return None
    return (
        Plenum.objects.filter(number=ref.number, term__number=ref.term)
        .select_related("term")
        .prefetch_related("documents")
        .first()
    )
