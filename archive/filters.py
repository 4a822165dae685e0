"""Report filters: what a filter value in a URL means.

The report list (/bai/?year=2018&plenum=XII-7&province=quang-ninh …) and search
(/tim-kiem/ and /api/search/, the same parameters plus ``type`` and ``format``)
read their filters here, so a value means the same on both: ``read`` checks a
value as typed and finds what it designates in the archive (a term, plenum,
document, place, person) as a ``Filter``, or says in Vietnamese why it cannot.
The report list narrows its queryset by each ``Filter`` (``narrow``); search turns it into the value its index holds.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from archive import codes, identity, vietnamese
from archive.models import (
    Document,
    Person,
    Place,
    Plenum,
    Report,
    ReportDocument,
    Term,
)

PARAMS = ("year", "document", "type", "term", "plenum", "province", "speaker", "format")
NAMES = {
    "year": gettext_lazy("năm"),
    "document": gettext_lazy("văn bản"),
    "type": gettext_lazy("loại văn bản"),
    "term": gettext_lazy("khóa"),
    "plenum": gettext_lazy("hội nghị"),
    "province": gettext_lazy("địa phương"),
    "speaker": gettext_lazy("người phát biểu"),
    "format": gettext_lazy("hình thức"),
}
FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_VALUE_CHARS = 200
# Values of one parameter a request may combine (each costs a lookup).
MAX_VALUES = 20
FORMAT_LABELS = dict(Report.Format.choices)
_FORMAT_WORDS = {"truc tuyen": Report.Format.ONLINE, "truc tiep": Report.Format.IN_PERSON}


@dataclass(frozen=True)
class Filter:
    param: str
    value: str  # canonical, as it appears in URLs
    label: str
    target: object = None  # the Term, Plenum, Document, Place or Person it designates


def clean_value(raw):
    """A parameter value as typed, normalised, without control characters."""
    return vietnamese.strip_controls(vietnamese.normalize(raw or "")).strip()


def parse_year(value):
    """ "2018" → 2018; None unless ASCII digits within the archive's years."""
    year = vietnamese.ascii_int(value, 4)
    return year if year is not None and FIRST_YEAR <= year <= LAST_YEAR else None


def parse_term(value):
    """ "XIII", "xiii", "13", "khóa XIII" → "XIII"; None otherwise."""
    value = vietnamese.search_key(value or "")
    value = value.removeprefix("khoa ").strip()
    number = vietnamese.term_number(value)
    return vietnamese.int_to_roman(number) if number else None


def parse_plenum(value):
    """ "XII-7", "xii-7", "12-7" → ("XII", 7); None otherwise."""
    roman, _, number = (value or "").partition("-")
    roman, number = parse_term(roman), vietnamese.ascii_int(number, 2)
    return (roman, number) if roman and number else None


def parse_type(value):
    """ "NQ", "nq", "Nghị quyết" → "NQ"; None otherwise."""
    return codes.canonical_type(value) or codes.type_from_word(value)


def parse_format(value):
    """ "online", "trực tuyến", "truc tiep" → a ``Report.Format``; None otherwise.
    The labels are read in Vietnamese whatever language the page is in (a typed
    ``hình thức:trực tuyến`` means the same under /en/)."""
    folded = vietnamese.search_key(value)
    with translation.override(settings.LANGUAGE_CODE):
        for code, label in FORMAT_LABELS.items():
            if folded in (code, vietnamese.search_key(str(label))):
                return code
    return _FORMAT_WORDS.get(folded)


def find_document(value):
    """A document from a code in any written form, or a URL slug."""
    value = (value or "").strip()[:60]
    if not value:
        return None
    # A name only drafts cite stays private.
    doc = next(iter(Document.objects.filter(slug=value.lower()).public_few()), None)
    if doc is None:
        found = identity.editions_at(value, public=True)
        # A code used in several terms: the edition search would pick (the latest).
        doc = identity.choose(found) if found else None
    return doc


def _resolve(param, value):
    if param == "year":
        year = parse_year(value)
        return Filter("year", str(year), gettext("Năm %(year)s") % {"year": year}) if year else None
    if param == "type":
        type_ = parse_type(value)
        return Filter("type", type_, gettext(codes.type_name(type_))) if type_ else None
    if param == "format":
        fmt = parse_format(value)
        return Filter("format", fmt, str(FORMAT_LABELS[fmt])) if fmt else None
    if param == "term":
        roman = parse_term(value)
        term = Term.objects.filter(roman=roman).first() if roman else None
        return (
            Filter("term", roman, gettext("Khóa %(roman)s") % {"roman": roman}, term)
            if term
            else None
        )
    if param == "plenum":
        parsed = parse_plenum(value)
        plenum = parsed and (
            Plenum.objects.filter(term__roman=parsed[0], number=parsed[1])
            .select_related("term")
            .first()
        )
        if not plenum:
            return None
        label = str(plenum)
        return Filter("plenum", f"{plenum.term.roman}-{plenum.number}", label, plenum)
    if param == "document":
        doc = find_document(value)
        if not doc:
            return None
        # A code of several editions is told apart by its address (27-nq-tw-2018).
        several = bool(Document.objects.filter(code=doc.code).exclude(pk=doc.pk).public_few())
        value, label = (
            (doc.slug, gettext("Văn bản %(code)s") % {"code": doc})
            if several
            else (doc.code, gettext("Văn bản %(code)s") % {"code": doc.code})
        )
        return Filter("document", value, label, doc)
    if param == "province":
        place = Place.objects.select_related("parent__parent").lookup(value)
        return Filter("province", place.slug, place.name, place) if place else None
    if param == "speaker":
        person = Person.objects.public_lookup(value)  # a draft's people stay private
        label = gettext("Người phát biểu: %(name)s") % {"name": person.name} if person else ""
        return Filter("speaker", person.slug, label, person) if person else None
    raise ValueError(param)


def read(param, raw):
    """``(Filter, None)`` for a value of ``param`` that designates something
    in the archive, ``(None, message)`` for one that does not, ``(None, None)``
    for an empty one."""
    value = clean_value(raw)
    if not value:
        return None, None
    name = NAMES[param]
    if len(value) > MAX_VALUE_CHARS:
        return None, gettext("Giá trị của bộ lọc %(name)s quá dài nên đã được bỏ qua.") % {
            "name": name
        }
    found = _resolve(param, value)
    if found is None:
        if param in ("year", "type", "format"):
            return None, gettext("%(name)s “%(value)s” không hợp lệ nên đã được bỏ qua.") % {
                "name": str(name).capitalize(),
                "value": value[:40],
            }
        return None, gettext("Không có %(name)s “%(value)s” trong kho lưu trữ.") % {
            "name": name,
            "value": value[:60],
        }
    return found, None


def read_many(param, raws):
    """``read`` over a parameter's values: (distinct Filters, messages); at
    most ``MAX_VALUES`` are read."""
    found, errors = [], []
    raws = [r for r in raws if clean_value(r)]
    if len(raws) > MAX_VALUES:
        errors.append(
            gettext("Chỉ dùng %(count)d giá trị đầu của bộ lọc %(name)s.")
            % {"count": MAX_VALUES, "name": NAMES[param]}
        )
    for raw in raws[:MAX_VALUES]:
        f, error = read(param, raw)
        if error:
            errors.append(error)
        elif f not in found:
            found.append(f)
    return found, errors


# The report list ------------------------------------------------------------


def narrow(reports, f):
    """``reports`` (a Report queryset) kept to those a ``Filter`` designates."""
    if f.param == "year":
        return reports.filter(event_date__year=int(f.value))
    if f.param == "type":
        links = ReportDocument.objects.cited().filter(document__type=f.value)
        return reports.filter(pk__in=links.values("report_id"))
    if f.param == "format":
        return reports.filter(format=f.value)
    if f.param == "term":
        return reports.about_plenums(Plenum.objects.filter(term=f.target))
    if f.param == "plenum":
        return reports.about_plenums(Plenum.objects.filter(pk=f.target.pk))
    if f.param == "document":
        return reports.mentioning(f.target)
    if f.param == "province":
        return reports.in_places(Place.objects.within(f.target))
    if f.param == "speaker":
        return reports.spoken_at_by(f.target)
    raise ValueError(f.param)


@dataclass
class Chip:
    label: str
    remove_url: str


@dataclass
class ReportFilters:
    """The report list's filters: one value per parameter."""

    chosen: list = field(default_factory=list)  # Filters, in PARAMS order
    errors: list = field(default_factory=list)

    @property
    def params(self):
        """Valid parameters, as they will appear in URLs."""
        return {f.param: f.value for f in self.chosen}

    def apply(self, reports):
        for f in self.chosen:
            reports = narrow(reports, f)
        return reports

    @property
    def chips(self):
        return [Chip(f.label, "?" + self.query_string(without=f.param)) for f in self.chosen]

    def query_string(self, without=None, **extra):
        items = {k: v for k, v in self.params.items() if k != without}
        items.update(extra)
        return urlencode(items)


def parse_filters(get):
    """Read the report-list filters from a QueryDict."""
    report_filters = ReportFilters()
    for param in PARAMS:
        f, error = read(param, get.get(param, ""))
        if error:
            report_filters.errors.append(error)
        elif f:
            report_filters.chosen.append(f)
    return report_filters
