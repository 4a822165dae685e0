"""The archive's domain: reports, the documents and plenums they mention,
the people who speak at them and the places they are broadcast to."""

import hashlib

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import codes, vietnamese
from archive.places import Place, PlaceQuerySet  # noqa: F401 (re-exported)


def content_hash(text):
    """Hash of a report's text, insensitive to Unicode form, spacing and case,
    so the same report pasted twice is recognised as a duplicate."""
    norm = " ".join(vietnamese.normalize(text).lower().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def vi_slug(text, max_length=80):
    return slugify(vietnamese.fold(text))[:max_length].strip("-") or "x"


class Term(models.Model):
    """A Central Committee term (khóa), e.g. XII."""

    number = models.PositiveSmallIntegerField("số thứ tự khóa", unique=True)
    roman = models.CharField("số La Mã", max_length=8, unique=True)
    start_year = models.PositiveSmallIntegerField("năm bắt đầu", null=True, blank=True)
    end_year = models.PositiveSmallIntegerField("năm kết thúc", null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = "khóa"
        verbose_name_plural = "các khóa"

    def __str__(self):
        return _("Khóa %(roman)s") % {"roman": self.roman}

    def get_absolute_url(self):
        return reverse("archive:term-detail", args=[self.roman.lower()])


class Plenum(models.Model):
    """A plenum (Hội nghị Trung ương N) of one term."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="plenums", verbose_name="khóa"
    )
    number = models.PositiveSmallIntegerField("lần thứ")
    start_date = models.DateField("ngày khai mạc", null=True, blank=True)
    end_date = models.DateField("ngày bế mạc", null=True, blank=True)
    summary = models.TextField("tóm tắt", blank=True)
    # Public addresses the dates and documents were checked against, one a line.
    source = models.TextField("nguồn công khai", blank=True)

    class Meta:
        ordering = ["-term__number", "-number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="unique_plenum")]
        verbose_name = "hội nghị Trung ương"
        verbose_name_plural = "các hội nghị Trung ương"

    def __str__(self):
        return _("Hội nghị Trung ương %(number)s khóa %(roman)s") % {
            "number": self.number,
            "roman": self.term.roman,
        }

    @property
    def slug(self):
        return f"{self.number}-khoa-{self.term.roman.lower()}"

    def get_absolute_url(self):
        return reverse("archive:plenum-detail", args=[self.term.roman.lower(), self.number])


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents readers may see: cited by a published report, or by no
        report at all (reference data, staff entries). A document only drafts
        cite is a name from an unpublished text: it stays private until then."""
        # A document a draft only implies (through a plenum) is reference data: public.
        cited = ReportDocument.objects.filter(is_implied=False).values("document_id")
        published = ReportDocument.objects.published().values("document_id")
        return self.filter(models.Q(pk__in=published) | ~models.Q(pk__in=cited))

    def public_few(self):
        """``public()`` of a queryset already narrowed to a few rows (one code,
        one slug, one number), as a list: each row is checked by its key (two
        index look-ups) instead of ``public()``'s ``pk IN`` subqueries, which
        read every citation of the archive: 55 ms a search at 50,000 reports."""
        rows = list(self[: self.FEW + 1])
        if len(rows) > self.FEW:
            return list(self.public())
        return [d for d in rows if d.is_public()]

    FEW = 50

    def with_report_counts(self):
        """Each document's ``report_count``: the published reports citing it
        (a report that only implies it through a plenum is not counted)."""
        return self.annotate(
            report_count=models.Count(
                "report_links__report",
                filter=models.Q(
                    report_links__report__status=Report.Status.PUBLISHED,
                    report_links__is_implied=False,
                ),
                distinct=True,
            )
        )


class ReportLinkQuerySet(models.QuerySet):
    """Rows hanging off a report (its documents, plenums, people): the public
    ones are those of published reports."""

    def published(self):
        return self.filter(report__status=Report.Status.PUBLISHED)


class ReportDocumentQuerySet(ReportLinkQuerySet):
    def cited(self):
        """Documents the report cites, not those it implies through a plenum:
        what the index, facets, feeds and counts know of a report."""
        return self.filter(is_implied=False)


class Document(models.Model):
    """A Party document: its canonical code (26-NQ/TW) and, where numbers repeat
    across terms (27-NQ/TW of 2018 and of 2022), its issue year. One row per
    edition; ``archive.identity`` picks the edition a citation means."""

    code = models.CharField("số hiệu", max_length=40)
    # The issue year: from issue_date when known, else as staff set it.
    year = models.PositiveSmallIntegerField("năm ban hành", null=True, blank=True)
    # URL form: code and year (27-nq-tw-2018), the code alone while the year is unknown.
    slug = models.SlugField(
        "đường dẫn", max_length=60, unique=True, editable=False, allow_unicode=False
    )
    type = models.CharField("loại", max_length=8, blank=True)
    number = models.CharField("số", max_length=12, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=16, blank=True)
    subject = models.TextField("trích yếu", blank=True)
    issue_date = models.DateField("ngày ban hành", null=True, blank=True)
    plenum = models.ForeignKey(
        Plenum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="hội nghị thông qua",
    )
    # Public addresses the date, subject and plenum were checked against, one a line.
    source = models.TextField("nguồn công khai", blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="unique_document_edition"),
            # At most one edition whose year is unknown.
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(year__isnull=True), name="unique_undated_code"
            ),
        ]
        verbose_name = "văn bản"
        verbose_name_plural = "các văn bản"

    def __str__(self):
        return f"{self.code} ({self.year})" if self.year else self.code

    def save(self, *args, **kwargs):
        self.code = codes.normalize_code(self.code) or self.code.strip().upper()
        parsed = codes.parse_code(self.code)
        if parsed:
            self.type = self.type or parsed.type
            self.number = self.number or parsed.number
            self.issuer = self.issuer or parsed.issuer
        if self.issue_date:
            self.year = self.issue_date.year
        self.slug = codes.edition_slug(self.code, self.year)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "year", "slug"}
        super().save(*args, **kwargs)

    @property
    def type_name(self):
        return codes.type_name(self.type)

    @property
    def issuer_name(self):
        return codes.issuer_name(self.issuer, passed_by_plenum=self.plenum_id is not None)

    def is_public(self):
        """What ``DocumentQuerySet.public()`` decides, for this one document."""
        links = self.report_links
        return links.published().exists() or not links.filter(is_implied=False).exists()

    def get_absolute_url(self):
        return reverse("archive:document-detail", args=[self.slug])


def person_key(name):
    """What identifies a person across reports: the folded name as a slug, so
    "Thuý" and "Thúy", NFD or NFC, any spacing, are one person. A person's slug
    is this key (staff may add a "-2" to tell namesakes apart), and a slug is
    its own key, so one lookup serves names and URLs."""
    return vi_slug(vietnamese.normalize(name or "").strip())


class PersonQuerySet(models.QuerySet):
    def public(self):
        """People named in at least one published report (a draft's people
        are not shown until it is published)."""
        return self.filter(pk__in=Appearance.objects.published().values("person_id"))

    def with_published_reports(self):
        """Each person's ``appearance_count`` in published reports."""
        return self.annotate(
            appearance_count=models.Count(
                "appearances",
                filter=models.Q(appearances__report__status=Report.Status.PUBLISHED),
            )
        )

    def lookup(self, value):
        """The person a URL slug or a written name designates, or None."""
        value = (value or "").strip()[:300]
        return self.filter(slug=person_key(value)).first() if value else None

    def public_lookup(self, value):
        """``public().lookup(value)`` by the key first: the person, then whether
        a published report names them (the ``pk IN`` subquery of ``public()``
        read every appearance: 180 ms a search at 50,000 reports, 1 ms this way)."""
        person = self.lookup(value)
        if person is None or not person.appearances.published().exists():
            return None
        return person


class Person(models.Model):
    name = models.CharField("họ tên", max_length=100)
    slug = models.SlugField("đường dẫn", max_length=120, unique=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "người"
        verbose_name_plural = "những người"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = person_key(self.name)
            slug, n = base, 2
            while Person.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:person-detail", args=[self.slug])


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Report.Status.PUBLISHED)

    def mentioning(self, document):
        """Reports citing ``document`` (not those only implying it)."""
        cited = ReportDocument.objects.cited().filter(document=document)
        return self.filter(pk__in=cited.values("report_id"))

    def studying(self, document):
        """Reports of conferences held to study ``document`` (it is their
        subject, not merely cited)."""
        return self.filter(
            pk__in=ReportDocument.objects.filter(document=document, is_subject=True).values(
                "report_id"
            )
        )

    def about_plenums(self, plenums):
        """Reports that mention one of ``plenums`` (a Plenum queryset) or a
        document one of them passed."""
        plenums = plenums.values("pk")
        by_link = ReportPlenum.objects.filter(plenum__in=plenums).values("report_id")
        by_doc = ReportDocument.objects.filter(document__plenum__in=plenums).values("report_id")
        return self.filter(models.Q(pk__in=by_link) | models.Q(pk__in=by_doc))

    def in_places(self, places):
        """Reports organised in, or with a connection point in, one of
        ``places`` (a Place queryset, e.g. ``Place.objects.within(place)``)."""
        ids = places.values("pk")
        points = ConnectionPoint.objects.filter(place__in=ids).values("report_id")
        return self.filter(models.Q(organiser_place__in=ids) | models.Q(pk__in=points))

    def spoken_at_by(self, person):
        """Reports where ``person`` spoke or chaired."""
        return self.filter(pk__in=person.appearances.speaking().values("report_id"))

    def newest_first(self):
        """Newest first; reports whose date is unknown go last, not first."""
        return self.order_by(models.F("event_date").desc(nulls_last=True), "-id")

    def with_cited_documents(self):
        """Prefetch what ``Report.cited_documents`` reads."""
        cited = ReportDocument.objects.cited().select_related("document")
        return self.prefetch_related(
            models.Prefetch("document_links", cited.order_by("id"), to_attr="cited_links")
        )

    def for_listing(self):
        return (
            self.select_related("organiser_place").with_cited_documents().prefetch_related("photos")
        )


class Report(models.Model):
    class DatePrecision(models.TextChoices):
        EXACT = "exact", gettext_lazy("chính xác")
        INFERRED = "inferred", gettext_lazy("suy ra")
        UNKNOWN = "unknown", gettext_lazy("không rõ")

    class Format(models.TextChoices):
        ONLINE = "online", gettext_lazy("trực tuyến")
        IN_PERSON = "in_person", gettext_lazy("trực tiếp")
        HYBRID = "hybrid", gettext_lazy("trực tiếp kết hợp trực tuyến")

    class Level(models.TextChoices):
        CENTRAL = "central", gettext_lazy("Trung ương")
        PROVINCE = "province", gettext_lazy("tỉnh, thành phố")
        DISTRICT = "district", gettext_lazy("quận, huyện")
        GRASSROOTS = "grassroots", gettext_lazy("cơ sở")

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("bản nháp")
        PUBLISHED = "published", gettext_lazy("đã xuất bản")

    title = models.CharField("tiêu đề", max_length=500)
    slug = models.SlugField("đường dẫn", max_length=100)
    event_date = models.DateField("ngày diễn ra", null=True, blank=True)
    date_precision = models.CharField(
        "độ chắc chắn của ngày",
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    # What an inferred year comes from ("sau 33-NQ/TW (09/06/2014)"), so staff can check it.
    date_basis = models.CharField("ngày suy ra từ", max_length=200, blank=True)
    format = models.CharField("hình thức", max_length=10, choices=Format.choices, blank=True)
    organiser = models.CharField("đơn vị tổ chức", max_length=300, blank=True)
    organiser_place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_reports",
        verbose_name="địa phương của báo cáo",
    )
    level = models.CharField("cấp", max_length=12, choices=Level.choices, blank=True)
    # The event this report is one write-up of (archive/conferences.py).
    conference = models.ForeignKey(
        "archive.Conference",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name="hội nghị (sự kiện)",
    )
    source_outlet = models.CharField("nguồn", max_length=200, blank=True)
    source_url = models.URLField("địa chỉ nguồn", max_length=1000, blank=True)
    author = models.CharField("tác giả", max_length=200, blank=True)
    body = models.TextField("nội dung")
    original_text = models.TextField("văn bản gốc", editable=False)
    original_filename = models.CharField("tên tệp gốc", max_length=255, blank=True, editable=False)
    # sha256 of the normalised text: the same content uploaded twice is one report.
    content_hash = models.CharField("mã băm nội dung", max_length=64, unique=True, editable=False)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)
    # When the report first became public: feeds and e-mail alerts are ordered
    # by it (a report about a 2018 conference may be published today).
    published_at = models.DateTimeField("ngày xuất bản", null=True, blank=True, editable=False)

    documents = models.ManyToManyField(
        Document,
        through="ReportDocument",
        related_name="reports",
        blank=True,
        verbose_name="văn bản",
    )
    plenums = models.ManyToManyField(
        Plenum, through="ReportPlenum", related_name="reports", blank=True, verbose_name="hội nghị"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-event_date", "-id"]
        indexes = [
            # Listing pages: published reports newest first, filtered by year.
            models.Index(fields=["status", "-event_date"], name="report_status_date"),
            # Possible-duplicate check on upload (same title and date).
            models.Index(fields=["title", "event_date"], name="report_title_date"),
            # Feeds and alerts: the newest published first, or published since a date.
            models.Index(fields=["status", "-published_at"], name="report_status_published"),
        ]
        verbose_name = "bài tường thuật"
        verbose_name_plural = "các bài tường thuật"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = vi_slug(self.title, 90)
        if self.original_text and not self.content_hash:
            self.content_hash = content_hash(self.original_text)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def cited_documents(self):
        """The documents the report cites (not those a plenum implies), in
        code order; prefetched by ``ReportQuerySet.with_cited_documents``."""
        links = getattr(self, "cited_links", None)
        if links is None:
            links = self.document_links.cited().select_related("document")
        return sorted((link.document for link in links), key=lambda d: (d.code, d.year or 0))

    def get_absolute_url(self):
        return reverse("archive:report-detail", args=[self.pk, self.slug])


class ReportDocument(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="document_links", verbose_name="bài"
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="report_links", verbose_name="văn bản"
    )
    # True for the documents the conference was held to study, not merely cited.
    is_subject = models.BooleanField("là nội dung chính", default=False)
    # True for a document the report does not cite but implies by naming the
    # plenum that passed it ("Nghị quyết Trung ương 6 khóa XII" → 18- … 21-NQ/TW).
    is_implied = models.BooleanField("ngụ ý qua hội nghị", default=False)

    objects = ReportDocumentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "document"], name="unique_report_document")
        ]
        verbose_name = "văn bản được nhắc đến"
        verbose_name_plural = "các văn bản được nhắc đến"

    def __str__(self):
        return f"{self.report_id} → {self.document}"


class ReportPlenum(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="plenum_links", verbose_name="bài"
    )
    plenum = models.ForeignKey(
        Plenum, on_delete=models.CASCADE, related_name="report_links", verbose_name="hội nghị"
    )
    is_subject = models.BooleanField("là nội dung chính", default=False)

    objects = ReportLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "plenum"], name="unique_report_plenum")
        ]
        verbose_name = "hội nghị được nhắc đến"
        verbose_name_plural = "các hội nghị được nhắc đến"

    def __str__(self):
        return f"{self.report_id} → {self.plenum}"


class AppearanceQuerySet(ReportLinkQuerySet):
    def speaking(self):
        return self.filter(role__in=Appearance.SPEAKING_ROLES)

    def attending(self):
        return self.filter(role=Appearance.Role.ATTENDEE)


class Appearance(models.Model):
    class Role(models.TextChoices):
        SPEAKER = "speaker", gettext_lazy("phát biểu / trình bày")
        CHAIR = "chair", gettext_lazy("chủ trì")
        ATTENDEE = "attendee", gettext_lazy("dự")

        @classmethod
        def of_speaker(cls, extracted):
            """The role of a person the extractor lists among the speakers
            (its ``role`` says "chair" for whoever chaired)."""
            return cls.CHAIR if extracted == cls.CHAIR else cls.SPEAKER

    # Who is listed (and searchable) as a speaker: whoever spoke or chaired.
    SPEAKING_ROLES = (Role.SPEAKER, Role.CHAIR)

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="appearances", verbose_name="bài"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appearances", verbose_name="người"
    )
    role = models.CharField("vai trò", max_length=10, choices=Role.choices)
    # Positions change over time: kept as written in this report, not on the person.
    position = models.CharField("chức vụ khi đó", max_length=400, blank=True)
    topic = models.TextField("nội dung trình bày", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    objects = AppearanceQuerySet.as_manager()

    class Meta:
        ordering = ["report", "order", "id"]
        verbose_name = "người tham gia"
        verbose_name_plural = "những người tham gia"

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    @property
    def is_speaking(self):
        return self.role in self.SPEAKING_ROLES


class ConnectionPoint(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="connection_points", verbose_name="bài"
    )
    name = models.CharField("tên như trong bài", max_length=300)
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="connection_points",
        verbose_name="địa phương",
    )
    is_central = models.BooleanField("điểm cầu Trung ương", default=False)

    class Meta:
        ordering = ["report", "-is_central", "id"]
        verbose_name = "điểm cầu"
        verbose_name_plural = "các điểm cầu"

    def __str__(self):
        return self.name


def photo_upload_to(instance, filename):
    return f"photos/{instance.report_id or 'new'}/{filename}"


class Photo(models.Model):
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="photos", verbose_name="bài"
    )
    image = models.ImageField("ảnh", upload_to=photo_upload_to)
    display = models.ImageField(
        "ảnh hiển thị", upload_to=photo_upload_to, blank=True, editable=False
    )
    thumbnail = models.ImageField("ảnh nhỏ", upload_to=photo_upload_to, blank=True, editable=False)
    width = models.PositiveIntegerField("rộng", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("cao", null=True, blank=True, editable=False)
    caption = models.CharField("chú thích", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["report", "order", "id"]
        verbose_name = "ảnh"
        verbose_name_plural = "ảnh"

    def __str__(self):
        return self.caption or f"Ảnh {self.pk}"


# The event model and the leaders' positions live in their own modules
# (models.py is long enough); importing them here registers them with the app.
from archive.conferences import Conference  # noqa: E402, F401
from archive.positions import Position  # noqa: E402, F401
