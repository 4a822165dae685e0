"""Conferences as events: one national online conference is written up by
many outlets, each report naming its own connection points and speakers. A
``Conference`` groups those reports; ``archive.grouping`` proposes them and
staff confirm or split them in the admin (archive/admin_conferences.py).

Imported by archive/models.py, so Django registers the model with the app.
"""

from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import vietnamese


class ConferenceQuerySet(models.QuerySet):
    def public(self):
        """Conferences readers see: not rejected by staff, with at least two
        published reports (one report alone is no grouping)."""
        from archive.models import Report

        return (
            self.exclude(status=Conference.Status.REJECTED)
            .annotate(
                published_count=models.Count(
                    "reports", filter=models.Q(reports__status=Report.Status.PUBLISHED)
                )
            )
            .filter(published_count__gte=2)
        )

    def queue(self):
        """The proposals staff have not looked at yet, oldest event first."""
        return self.filter(status=Conference.Status.PROPOSED).order_by("event_date", "id")


class Conference(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", gettext_lazy("đề xuất tự động")
        CONFIRMED = "confirmed", gettext_lazy("đã xác nhận")
        REJECTED = "rejected", gettext_lazy("không phải một hội nghị")

    title = models.CharField("tên hội nghị", max_length=500)
    slug = models.SlugField(max_length=100)
    event_date = models.DateField("ngày diễn ra", null=True, blank=True)
    organiser = models.CharField("đơn vị tổ chức", max_length=300, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    documents = models.ManyToManyField(
        "archive.Document", blank=True, related_name="conferences", verbose_name="văn bản"
    )
    plenums = models.ManyToManyField(
        "archive.Plenum", blank=True, related_name="conferences", verbose_name="hội nghị TW"
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        app_label = "archive"
        ordering = ["-event_date", "-id"]
        indexes = [
            # The admin's queue of proposals and the public pages' status filter.
            models.Index(fields=["status", "event_date"], name="conference_status_date"),
        ]
        verbose_name = "hội nghị (sự kiện)"
        verbose_name_plural = "các hội nghị (sự kiện)"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_title(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:conference-detail", args=[self.pk, self.slug])


def grouped_reports():
    """{report id: conference id} for the published reports of public
    conferences: the reports search results fold under their conference.

    Proposed conferences count as well as confirmed ones: their page and
    their reports' pages already show them, and a search that folds a
    report under one still lists it (search/results.py). A conference staff
    rejected groups nothing."""
    from archive.models import Report

    public = Conference.objects.public().values("pk")
    rows = Report.objects.published().filter(conference__in=public).order_by()
    return dict(rows.values_list("pk", "conference_id").iterator())


def slugify_title(title):
    from archive.models import vi_slug

    return vi_slug(title, 90)


# --- What the page shows ---------------------------------------------------------------


@dataclass
class OutletPart:
    """One report of the conference and what only it says."""

    report: object
    outlet: str
    points: list = field(default_factory=list)  # connection point names only it gives
    speakers: list = field(default_factory=list)  # people only it names as speaking
    attendees: list = field(default_factory=list)  # people only it names, as present
    documents: list = field(default_factory=list)  # documents only it cites
    photos: list = field(default_factory=list)  # its photos no other report has

    @property
    def added_anything(self):
        return bool(self.points or self.speakers or self.attendees or self.documents or self.photos)


@dataclass
class ConferenceFacts:
    reports: list
    points: list  # (name, Place or None), one per connection point across the reports
    provinces: list  # today's provinces named across the reports, by name
    speakers: list  # (Person, position as first written, number of reports naming them)
    outlets: list  # OutletPart per report
    attendees: list = field(default_factory=list)  # (Person, position), not speaking anywhere


def outlet_name(report):
    """The outlet as the report gives it, else its website, else a placeholder."""
    if report.source_outlet:
        return report.source_outlet
    if report.source_url:
        host = report.source_url.split("//", 1)[-1].split("/", 1)[0]
        return host.removeprefix("www.")
    return _("Không rõ nguồn")


def facts(conference):
    """Everything the conference page shows, from its published reports, in
    a fixed number of queries."""
    from archive.models import ReportDocument  # models.py imports this module

    reports = list(
        conference.reports.published()
        .select_related("organiser_place__parent__parent")
        .prefetch_related(
            "connection_points__place__parent__parent",
            "appearances__person",
            models.Prefetch(
                "document_links",
                ReportDocument.objects.cited().select_related("document"),
                to_attr="cited_links",
            ),
            "photos",
        )
        .order_by(models.F("event_date").asc(nulls_last=True), "id")
    )
    points, point_owners, places = {}, {}, {}
    speakers, speaker_owners, doc_owners = {}, {}, {}
    # Anyone a report names, speaking or present; a photo by its caption (the
    # same agency photo is often reused with its caption; one without a
    # caption is taken as the report's own).
    named, person_owners, caption_owners = {}, {}, {}
    for report in reports:
        if report.organiser_place_id:
            province = report.organiser_place.province
            places[province.pk] = province
        for point in report.connection_points.all():
            key = vietnamese.place_key(point.name)
            points.setdefault(key, (point.name, point.place))
            point_owners.setdefault(key, set()).add(report.pk)
            if point.place_id:
                province = point.place.province
                places[province.pk] = province
        for appearance in report.appearances.all():
            named.setdefault(appearance.person.pk, [appearance.person, appearance.position])
            if not named[appearance.person.pk][1]:
                named[appearance.person.pk][1] = appearance.position
            person_owners.setdefault(appearance.person.pk, set()).add(report.pk)
            if appearance.is_speaking:
                person = appearance.person
                speakers.setdefault(person.pk, [person, appearance.position, 0])
                if not speakers[person.pk][1]:
                    speakers[person.pk][1] = appearance.position
                speaker_owners.setdefault(person.pk, set()).add(report.pk)
        for doc in (link.document for link in report.cited_links):
            doc_owners.setdefault(doc.pk, (doc, set()))[1].add(report.pk)
        for photo in report.photos.all():
            caption = vietnamese.search_key(photo.caption)
            if caption:
                caption_owners.setdefault(caption, set()).add(report.pk)
    for pk, owners in speaker_owners.items():
        speakers[pk][2] = len(owners)
    outlets = []
    for report in reports:
        part = OutletPart(report, outlet_name(report))
        part.points = [points[k][0] for k, o in point_owners.items() if o == {report.pk}]
        part.speakers = [speakers[k][0] for k, o in speaker_owners.items() if o == {report.pk}]
        part.attendees = [
            named[k][0]
            for k, o in person_owners.items()
            if o == {report.pk} and k not in speaker_owners
        ]
        part.documents = [d for d, o in doc_owners.values() if o == {report.pk}]
        part.photos = [
            photo
            for photo in report.photos.all()
            if caption_owners.get(vietnamese.search_key(photo.caption), {report.pk}) == {report.pk}
        ]
        outlets.append(part)
    return ConferenceFacts(
        reports=reports,
        points=list(points.values()),
        provinces=sorted(places.values(), key=lambda p: vietnamese.search_key(p.name)),
        speakers=[tuple(s) for s in sorted(speakers.values(), key=lambda s: (-s[2], s[0].name))],
        outlets=outlets,
        attendees=sorted(
            (tuple(p) for k, p in named.items() if k not in speaker_owners),
            key=lambda p: vietnamese.search_key(p[0].name),
        ),
    )
