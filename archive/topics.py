"""What a reader can follow: the whole archive, a document, a plenum, a place
or a person. A topic names the page, its Atom feed and the published reports
it lists; feeds (archive/feeds.py) and e-mail alerts (alerts/) read reports
from here, so a feed and an alert show what the page shows.

A topic is written as ``kind`` and ``key`` (``document`` / ``26-nq-tw``,
``plenum`` / ``xii-7``), the form alerts store.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from archive import identity, vietnamese
from archive.models import Document, Person, Place, Plenum, Report

KINDS = ("all", "document", "plenum", "place", "person")


@dataclass(frozen=True)
class Topic:
    kind: str
    key: str
    title: str  # "Văn bản 26-NQ/TW", as a feed title and in mails
    page_url: str
    feed_url: str
    # Narrows a Report queryset to the topic's reports (ReportQuerySet methods).
    narrow: Callable

    def of(self, reports):
        """``reports`` narrowed to this topic (the page's list uses it too)."""
        return self.narrow(reports)

    def reports(self):
        """Published reports of the topic, the most recently published first."""
        return self.of(Report.objects.published()).order_by(
            F("published_at").desc(nulls_last=True), "-id"
        )

    def newest(self, limit):
        """The ``limit`` most recently published reports (a feed's entries)."""
        return list(_for_mail_and_feeds(self.reports())[:limit])

    def new_reports(self, since, until, limit):
        """Up to ``limit`` reports first published after ``since``, up to
        ``until`` (what an e-mail alert sends), the most recent first, and
        how many there are in all."""
        reports = self.reports().filter(published_at__gt=since, published_at__lte=until)
        found = list(_for_mail_and_feeds(reports)[:limit])
        return found, len(found) if len(found) < limit else reports.count()


def _for_mail_and_feeds(reports):
    return reports.defer("original_text").select_related("organiser_place").with_cited_documents()


def everything():
    return Topic(
        kind="all",
        key="",
        title=_("Bài mới trong kho lưu trữ"),
        page_url=reverse("archive:report-list"),
        feed_url=reverse("archive:feed"),
        narrow=lambda reports: reports,
    )


def for_document(document):
    return Topic(
        kind="document",
        key=document.slug,
        title=_("Văn bản %(code)s") % {"code": document.code},
        page_url=document.get_absolute_url(),
        feed_url=reverse("archive:document-feed", args=[document.slug]),
        narrow=lambda reports: reports.mentioning(document),
    )


def for_plenum(plenum):
    roman = plenum.term.roman.lower()
    return Topic(
        kind="plenum",
        key=f"{roman}-{plenum.number}",
        title=str(plenum),
        page_url=plenum.get_absolute_url(),
        feed_url=reverse("archive:plenum-feed", args=[roman, plenum.number]),
        narrow=lambda reports: reports.about_plenums(Plenum.objects.filter(pk=plenum.pk)),
    )


def for_place(place):
    return Topic(
        kind="place",
        key=place.slug,
        title=place.name,
        page_url=place.get_absolute_url(),
        feed_url=reverse("archive:place-feed", args=[place.slug]),
        narrow=lambda reports: reports.in_places(Place.objects.within(place)),
    )


def for_person(person):
    return Topic(
        kind="person",
        key=person.slug,
        title=person.name,
        page_url=person.get_absolute_url(),
        feed_url=reverse("archive:person-feed", args=[person.slug]),
        narrow=lambda reports: reports.filter(pk__in=person.appearances.values("report_id")),
    )


def find(kind, key):
    """The topic for a stored (kind, key), or None when it no longer exists."""
    if kind == "all":
        return everything()
    if kind == "document":
        found = Document.objects.filter(slug=key).public_few()
        document = found[0] if found else None
        if document is None:
            # A key of before editions ("26-nq-tw"): its code's one edition.
            found = identity.editions_at(key, public=True)
            document = found[0] if len(found) == 1 else None
        return for_document(document) if document else None
    if kind == "plenum":
        plenum = find_plenum(*key.rpartition("-")[::2])
        return for_plenum(plenum) if plenum else None
    if kind == "place":
        place = Place.objects.filter(slug=key).first()
        return for_place(place) if place else None
    if kind == "person":
        # As on the person's page: nobody whom only drafts name.
        person = Person.objects.public().filter(slug=key).first()
        return for_person(person) if person else None
    return None


def find_plenum(roman, number):
    """A plenum from a URL's term (xii, XII, 12) and number, or None."""
    term_number = vietnamese.term_number(str(roman))
    number = str(number)
    if not term_number or not number.isdigit() or len(number) > 3:
        return None
    return (
        Plenum.objects.select_related("term")
        .filter(term__number=term_number, number=int(number))
        .first()
    )
