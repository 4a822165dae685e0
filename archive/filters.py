"""Filters of the report list (/bai/?year=2018&plenum=XII-7&province=quang-ninh …).

GET parameters are read into a ``ReportFilters``: the valid ones narrow the
queryset and become removable chips; invalid ones become a friendly message and
are otherwise ignored, so a hand-edited URL never gives an error page.
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
)

FILTER_PARAMS = ("year", "term", "plenum", "document", "province", "speaker")


@dataclass
class Chip:
    label: str
    remove_url: str


@dataclass
class ReportFilters:
    params: dict = field(default_factory=dict)  # valid params, as they will appear in URLs
    conditions: list = field(default_factory=list)  # Q objects, all applied
    labels: dict = field(default_factory=dict)  # param → human label
    errors: list = field(default_factory=list)

    def apply(self, queryset):
        for condition in self.conditions:
            queryset = queryset.filter(condition)
        return queryset

    @property
    def chips(self):
        return [
            Chip(self.labels[name], "?" + self.query_string(without=name)) for name in self.params
        ]

    def query_string(self, without=None, **extra):
        items = {k: v for k, v in self.params.items() if k != without}
        items.update(extra)
        return urlencode(items)


def ordered_newest_first(queryset):
    """Newest first; reports whose date is unknown go last, not first."""
    return queryset.order_by(F("event_date").desc(nulls_last=True), "-id")


def place_and_descendants(place):
    """Ids of a place, the places under it (districts, provinces merged into it)
    and their districts: two levels are all Vietnam's administration has."""
    ids = {place.pk}
    children = set(Place.objects.filter(parent=place).values_list("pk", flat=True))
    ids |= children
    if children:
        ids |= set(Place.objects.filter(parent__in=children).values_list("pk", flat=True))
    return ids


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


def find_document(value):
    """A document from a code in any written form, or a URL slug."""
    value = (value or "").strip()
    if not value:
        return None
    code = codes.normalize_code(value) or codes.slug_to_code(value.lower())
    doc = Document.objects.filter(code=code).first() if code else None
    return doc or Document.objects.filter(slug=value.lower()).first()


def parse_term(value):
    """ "XIII", "xiii", "13", "khóa XIII" → "XIII"; None otherwise."""
    value = vietnamese.search_key(value or "")
    value = value.removeprefix("khoa ").strip()
    number = vietnamese.term_number(value)
    return vietnamese.int_to_roman(number) if number else None


def parse_filters(get):
    """Read the report-list filters from a QueryDict."""
    f = ReportFilters()

    def param(name):
        # NUL is refused by PostgreSQL in any string: drop it before querying.
        return get.get(name, "").replace("\x00", "").strip()

    _year(f, param("year"))
    _term(f, param("term"))
    _plenum(f, param("plenum"))
    _document(f, param("document"))
    _province(f, param("province"))
    _speaker(f, param("speaker"))
    return f


def _year(f, value):
    if not value:
        return
    if value.isdigit() and 1900 <= int(value) <= 2100:
        f.params["year"] = value
        f.labels["year"] = f"Năm {value}"
        f.conditions.append(Q(event_date__year=int(value)))
    else:
        f.errors.append(f"Năm “{value[:20]}” không hợp lệ nên đã được bỏ qua.")


def _term(f, value):
    if not value:
        return
    roman = parse_term(value)
    if roman and Term.objects.filter(roman=roman).exists():
        f.params["term"] = roman
        f.labels["term"] = f"Khóa {roman}"
        f.conditions.append(about_plenum(Q(term__roman=roman)))
    else:
        f.errors.append(f"Không có khóa “{value[:20]}” trong kho lưu trữ.")


def _plenum(f, value):
    if not value:
        return
    roman, _, number = value.partition("-")
    roman = parse_term(roman)
    plenum = None
    if roman and number.isdigit():
        plenum = Plenum.objects.filter(term__roman=roman, number=int(number)).first()
    if plenum:
        f.params["plenum"] = f"{roman}-{plenum.number}"
        f.labels["plenum"] = f"Hội nghị Trung ương {plenum.number} khóa {roman}"
        f.conditions.append(about_plenum(Q(pk=plenum.pk)))
    else:
        f.errors.append(f"Không có hội nghị “{value[:20]}” trong kho lưu trữ.")


def _document(f, value):
    if not value:
        return
    doc = find_document(value[:60])
    if doc:
        f.params["document"] = doc.code
        f.labels["document"] = f"Văn bản {doc.code}"
        f.conditions.append(
            Q(pk__in=ReportDocument.objects.filter(document=doc).values("report_id"))
        )
    else:
        f.errors.append(f"Không có văn bản “{value[:60]}” trong kho lưu trữ.")


def _province(f, value):
    if not value:
        return
    place = Place.objects.lookup(value)
    if place:
        f.params["province"] = place.slug
        f.labels["province"] = place.name
        f.conditions.append(in_places(place_and_descendants(place)))
    else:
        f.errors.append(f"Không có địa phương “{value[:60]}” trong kho lưu trữ.")


def _speaker(f, value):
    if not value:
        return
    person = Person.objects.filter(slug=value[:120]).first()
    if person:
        f.params["speaker"] = person.slug
        f.labels["speaker"] = f"Người phát biểu: {person.name}"
        spoke = Appearance.objects.filter(
            person=person, role__in=[Appearance.Role.SPEAKER, Appearance.Role.CHAIR]
        ).values("report_id")
        f.conditions.append(Q(pk__in=spoke))
    else:
        f.errors.append(f"Không có người “{value[:60]}” trong kho lưu trữ.")


def published_reports():
    return ordered_newest_first(Report.objects.published())
