"""What of a report goes into the search index (declarative; the engine in
search/engine/schema.py decides how each field is stored)."""

from django.db.models import Prefetch
from haystack import indexes

from archive import codes
from archive.citations import plenum_mentions
from archive.models import Appearance, ConnectionPoint, Report, ReportDocument, ReportPlenum
from search.clauses import about, mentioned

# A document or plenum the report is about counts this many times when ranking.
SUBJECT_WEIGHT = 3


def plenum_key(plenum):
    """The ``plenum`` facet value of a plenum: ``"XII-7"``."""
    return f"{plenum.term.roman}-{plenum.number}"


class ReportIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True)
    title = indexes.CharField(model_attr="title")
    event_date = indexes.DateField(model_attr="event_date", null=True)
    # Keyword fields: document codes ("26-NQ/TW" and "26-NQ" for a number
    # typed without issuer) and plenum keys ("XII-7", "P7", "XII"), and the
    # plenums the text names in any form as "~XII-7", "~P7" (whatever the tags
    # say: a plenum query finds reports whose tag was missed, after the tagged),
    # and "@XII-7" for a plenum the report is about (a document query finds
    # the reports about the plenum that passed it).
    codes = indexes.MultiValueField()
    plenum_keys = indexes.MultiValueField()
    # Facets.
    year = indexes.IntegerField(faceted=True, null=True)
    document = indexes.MultiValueField(faceted=True)
    doctype = indexes.MultiValueField(faceted=True)
    plenum = indexes.MultiValueField(faceted=True)
    term = indexes.MultiValueField(faceted=True)
    province = indexes.MultiValueField(faceted=True)
    speaker = indexes.MultiValueField(faceted=True)
    format = indexes.CharField(model_attr="format", faceted=True, null=True)

    def get_model(self):
        return Report

    def index_queryset(self, using=None):
        return (
            Report.objects.published()
            .select_related("organiser_place__parent__parent")
            # Link rows with their targets joined: a separate IN query per
            # target grows past SQLite's expression limit on large batches.
            .prefetch_related(
                Prefetch(
                    "document_links", ReportDocument.objects.cited().select_related("document")
                ),
                Prefetch("plenum_links", ReportPlenum.objects.select_related("plenum__term")),
                Prefetch("appearances", Appearance.objects.select_related("person")),
                Prefetch(
                    "connection_points",
                    ConnectionPoint.objects.select_related("place__parent__parent"),
                ),
            )
            .order_by("pk")
        )

    def read_queryset(self, using=None):
        return self.index_queryset(using)

    def prepare_text(self, obj):
        return f"{obj.title}\n{obj.body}"

    def prepare_codes(self, obj):
        out = []
        for link in obj.document_links.all():
            doc = link.document
            weight = SUBJECT_WEIGHT if link.is_subject else 1
            out += [doc.code] * weight
            if doc.number and doc.type:
                out += [f"{doc.number}-{doc.type}"] * weight
        # Short references the text makes ("Nghị quyết 18"), as "~18-NQ": an
        # uncited number still finds the reports that name it so.
        for type_, number, _start, _end in codes.find_short_refs(self.prepare_text(obj)):
            out.append(mentioned(f"{number}-{type_}"))
        return out

    def prepare_plenum_keys(self, obj):
        out = []
        for link in obj.plenum_links.all():
            plenum = link.plenum
            weight = SUBJECT_WEIGHT if link.is_subject else 1
            out += [plenum_key(plenum), f"P{plenum.number}", plenum.term.roman] * weight
            if link.is_subject:
                out.append(about(plenum_key(plenum)))
        for _start, _end, number, roman in plenum_mentions(self.prepare_text(obj)):
            out.append(mentioned(f"P{number}"))
            if roman:
                out.append(mentioned(f"{roman}-{number}"))
        return out

    def prepare_year(self, obj):
        return obj.event_date.year if obj.event_date else None

    def prepare_document(self, obj):
        return sorted({link.document.code for link in obj.document_links.all()})

    def prepare_doctype(self, obj):
        return sorted(
            {link.document.type for link in obj.document_links.all() if link.document.type}
        )

    def prepare_plenum(self, obj):
        return sorted({plenum_key(link.plenum) for link in obj.plenum_links.all()})

    def prepare_term(self, obj):
        return sorted({link.plenum.term.roman for link in obj.plenum_links.all()})

    def prepare_province(self, obj):
        places = [cp.place for cp in obj.connection_points.all() if cp.place_id]
        if obj.organiser_place_id:
            places.append(obj.organiser_place)
        return sorted({place.province.slug for place in places})

    def prepare_speaker(self, obj):
        return sorted({a.person.slug for a in obj.appearances.all() if a.is_speaking})

    def prepare_format(self, obj):
        return obj.format or None
