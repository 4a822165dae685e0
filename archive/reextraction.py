"""Re-running extraction on a report staff may already have corrected.

The rule is "extraction only adds, staff always win":

- A field keeps any value it has. Only empty fields (no date, no format, no
  organiser, no author, …) are filled from the new extraction; the date's
  precision goes with the date. Title and body are never touched.
- Relations are only added: documents, plenums, people (by name and role) and
  connection points (by name) that the report does not have yet are created,
  through ``archive.importing.apply_extraction`` so matching documents, people
  and places are reused exactly as on import. Nothing is removed or changed.

So every correction staff made (an edited value, a fixed position, an added
speaker) survives. The one thing it cannot know is a relation staff deleted on
purpose: if the extractor finds it again, it comes back, and the action's
message says how many relations were added so staff can check. (Remembering
deletions would need a stored copy of each extraction; not worth it for a
manual, per-report action.)
"""

from archive import codes, importing, vietnamese
from archive.extract import extract
from archive.extracted import Extraction

# Fields filled only when empty. Title and body are the staff's text: never.
FILLABLE = (
    "event_date",
    "format",
    "organiser",
    "organiser_place",
    "level",
    "author",
    "source_outlet",
)
SCALAR = (*FILLABLE, "title", "body", "date_precision", "date_basis", "source_url", "slug")


def reextract(report):
    """Re-run extraction on ``report.original_text`` under the rule above.

    Call inside a transaction. Returns the list of what was added or filled
    (Vietnamese labels), empty when the report already had everything.
    """
    data = extract(report.original_text)
    before = {name: getattr(report, name) for name in SCALAR}
    have = _existing(report)
    missing = _only_missing(data, have)
    importing.apply_extraction(report, missing)
    # Whatever apply_extraction set, staff values win; empty fields take the new value.
    new_precision, new_basis = report.date_precision, report.date_basis
    filled = []
    for name in SCALAR:
        if name in FILLABLE and _empty(before[name]) and not _empty(getattr(report, name)):
            filled.append(name)
        else:
            setattr(report, name, before[name])
    if "event_date" in filled:
        report.date_precision, report.date_basis = new_precision, new_basis
    changes = [str(report._meta.get_field(name).verbose_name) for name in filled]
    report.save()
    after = _existing(report)
    for key, label in (
        ("documents", "văn bản"),
        ("plenums", "hội nghị"),
        ("people", "người"),
        ("points", "điểm cầu"),
    ):
        added = len(after[key] - have[key])
        if added:
            changes.append(f"{added} {label}")
    return changes


def _empty(value):
    return value is None or value == ""


def _name_key(name):
    return vietnamese.fold(vietnamese.normalize(name or "")).lower().strip()


def _existing(report):
    return {
        "documents": {
            link.document.code for link in report.document_links.cited().select_related("document")
        },
        "plenums": {
            (link.plenum.term.number, link.plenum.number)
            for link in report.plenum_links.select_related("plenum__term")
        },
        "people": {
            (_name_key(a.person.name), a.role) for a in report.appearances.select_related("person")
        },
        "names": {_name_key(a.person.name) for a in report.appearances.select_related("person")},
        "points": {_name_key(p.name) for p in report.connection_points.all()},
    }


def _only_missing(data: Extraction, have) -> Extraction:
    """The extraction `data` reduced to relations the report does not have."""
    missing = Extraction(**data)

    def new_doc(doc):
        return (codes.normalize_code(doc.get("code") or "") or doc.get("code")) not in have[
            "documents"
        ]

    def new_plenum(plenum):
        term = plenum.get("term")
        number = term if isinstance(term, int) else vietnamese.roman_to_int(str(term or ""))
        return (number, plenum.get("number")) not in have["plenums"]

    if "documents" in data:
        missing["documents"] = [d for d in data["documents"] or [] if new_doc(d)]
        codes_left = {d.get("code") for d in missing["documents"]}
        if "subject_documents" in data:
            missing["subject_documents"] = [
                c for c in data["subject_documents"] or [] if c in codes_left
            ]
    for key in ("plenums", "subject_plenums"):
        if key in data:
            missing[key] = [p for p in data[key] or [] if new_plenum(p)]
    # A person already on the report (in any role) is not added again: staff
    # may have moved them from "speaker" to "chair".
    for key in ("speakers", "attendees"):
        if key in data:
            missing[key] = [
                p for p in data[key] or [] if _name_key(p.get("name")) not in have["names"]
            ]
    if "connection_points" in data:
        missing["connection_points"] = [
            p
            for p in data["connection_points"] or []
            # The name as written too: a point kept from before points that are
            # a province were named by its short name ("tỉnh Lạng Sơn").
            if _name_key(p.get("name")) not in have["points"]
            and _name_key(p.get("as_written") or p.get("name")) not in have["points"]
        ]
    return missing
