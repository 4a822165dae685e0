"""Report filters: what a filter value in a URL means.

The report list (/bai/?year=2018&plenum=XII-7&province=quang-ninh …) and search
(/tim-kiem/ and /api/search/, the same parameters plus ``type`` and ``format``)
read their filters here, so a value means the same on both: ``read`` checks a
value as typed and finds what it designates in the archive (a term, plenum,
document, place, person) as a ``Filter``, or says in Vietnamese why it cannot.
The report list turns each ``Filter`` into a queryset condition
(``condition``); search turns it into the value its index holds.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import F, Q

from archive import codes, vietnamese
from archive.models import (
    Appearance,
    ConnectionPoint,
    Document,
    Person,
    Place,
    Plenum,
    Report,
    ReportDocument,
    ReportPlenum,
    Term,
    vi_slug,
)

PARAMS = ("year", "document", "type", "term", "plenum", "province", "speaker", "format")
NAMES = {
    "year": "năm",
    "document": "văn bản",
    "type": "loại văn bản",
    "term": "khóa",
    "plenum": "hội nghị",
    "province": "địa phương",
    "speaker": "người phát biểu",
    "format": "hình thức",
}
FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_VALUE_CHARS = 200
# Values of one parameter a request may combine (each costs a lookup).
MAX_VALUES = 20
SPEAKING_ROLES = (Appearance.Role.SPEAKER, Appearance.Role.CHAIR)
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
    """ "online", "trực tuyến", "truc tiep" → a ``Report.Format``; None otherwise."""
    folded = vietnamese.search_key(value)
    for code, label in FORMAT_LABELS.items():
        if folded in (code, vietnamese.search_key(label)):
            return code
    return _FORMAT_WORDS.get(folded)


def find_document(value):
    """A document from a code in any written form, or a URL slug."""
    value = (value or "").strip()[:60]
    if not value:
        return None
    code = codes.normalize_code(value) or codes.slug_to_code(value.lower())
    doc = Document.objects.filter(code=code).first() if code else None
    return doc or Document.objects.filter(slug=value.lower()).first()


def find_place(value):
    """The place a URL slug or a name designates (old names included)."""
    return Place.objects.select_related("parent__parent").lookup(value)


def find_person(value):
    """The person a URL slug or a name ("Trần Quốc Vượng", "tran quoc vuong") designates."""
    value = value[:120]
    return (
        Person.objects.filter(slug=value).first()
        or Person.objects.filter(slug=vi_slug(value)).first()
    )


def _resolve(param, value):
    if param == "year":
        year = parse_year(value)
        return Filter("year", str(year), f"Năm {year}") if year else None
    if param == "type":
        type_ = parse_type(value)
        return Filter("type", type_, codes.type_name(type_)) if type_ else None
    if param == "format":
        fmt = parse_format(value)
        return Filter("format", fmt, FORMAT_LABELS[fmt]) if fmt else None
    if param == "term":
        roman = parse_term(value)
        term = Term.objects.filter(roman=roman).first() if roman else None
        return Filter("term", roman, f"Khóa {roman}", term) if term else None
    if param == "plenum":
        parsed = parse_plenum(value)
        plenum = parsed and (
            Plenum.objects.filter(term__roman=parsed[0], number=parsed[1])
            .select_related("term")
            .first()
        )
        if not plenum:
            return None
        label = f"Hội nghị Trung ương {plenum.number} khóa {plenum.term.roman}"
        return Filter("plenum", f"{plenum.term.roman}-{plenum.number}", label, plenum)
    if param == "document":
        doc = find_document(value)
        return Filter("document", doc.code, f"Văn bản {doc.code}", doc) if doc else None
    if param == "province":
        place = find_place(value)
        return Filter("province", place.slug, place.name, place) if place else None
    if param == "speaker":
        person = find_person(value)
        label = f"Người phát biểu: {person.name}" if person else ""
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
        return None, f"Giá trị của bộ lọc {name} quá dài nên đã được bỏ qua."
    found = _resolve(param, value)
    if found is None:
        if param in ("year", "type", "format"):
            return None, f"{name.capitalize()} “{value[:40]}” không hợp lệ nên đã được bỏ qua."
        return None, f"Không có {name} “{value[:60]}” trong kho lưu trữ."
    return found, None


def read_many(param, raws):
    """``read`` over a parameter's values: (distinct Filters, messages); at
    most ``MAX_VALUES`` are read."""
    found, errors = [], []
    raws = [r for r in raws if clean_value(r)]
    if len(raws) > MAX_VALUES:
        errors.append(f"Chỉ dùng {MAX_VALUES} giá trị đầu của bộ lọc {NAMES[param]}.")
    for raw in raws[:MAX_VALUES]:
        f, error = read(param, raw)
        if error:
            errors.append(error)
        elif f not in found:
            found.append(f)
    return found, errors


# The report list ------------------------------------------------------------


def ordered_newest_first(queryset):
    """Newest first; reports whose date is unknown go last, not first."""
    return queryset.order_by(F("event_date").desc(nulls_last=True), "-id")


def place_and_descendants(place):
    """Ids of a place and of every place under it (``Place.objects.within``)."""
    return set(Place.objects.within(place).values_list("pk", flat=True))


def in_places(place_ids):
    """Reports organised in, or with a connection point in, one of the places."""
    point_reports = ConnectionPoint.objects.filter(place_id__in=place_ids).values("report_id")
    return Q(organiser_place_id__in=place_ids) | Q(pk__in=point_reports)


def about_plenum(plenum_filter):
    """Reports that mention a plenum or a document that plenum passed;
    ``plenum_filter`` is a Q over Plenum fields."""
    plenums = Plenum.objects.filter(plenum_filter).values("pk")
    by_link = ReportPlenum.objects.filter(plenum__in=plenums).values("report_id")
    by_doc = ReportDocument.objects.filter(document__plenum__in=plenums).values("report_id")
    return Q(pk__in=by_link) | Q(pk__in=by_doc)


def condition(f):
    """The reports a ``Filter`` keeps, as a Q over Report."""
    if f.param == "year":
        return Q(event_date__year=int(f.value))
    if f.param == "type":
        return Q(pk__in=ReportDocument.objects.filter(document__type=f.value).values("report_id"))
    if f.param == "format":
        return Q(format=f.value)
    if f.param == "term":
        return about_plenum(Q(term=f.target))
    if f.param == "plenum":
        return about_plenum(Q(pk=f.target.pk))
    if f.param == "document":
        return Q(pk__in=ReportDocument.objects.filter(document=f.target).values("report_id"))
    if f.param == "province":
        return in_places(place_and_descendants(f.target))
    if f.param == "speaker":
        spoke = Appearance.objects.filter(person=f.target, role__in=SPEAKING_ROLES)
        return Q(pk__in=spoke.values("report_id"))
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

    def apply(self, queryset):
        for f in self.chosen:
            queryset = queryset.filter(condition(f))
        return queryset

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
