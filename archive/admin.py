"""The staff side of the archive: every model with lists, filters and search.

ReportAdmin is where staff review what extraction produced; the upload page and
the re-extract action (issue 4) are added to it later by extending ``get_urls``
and ``actions``, so keep both plain.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from archive import admin_conferences, grouping, models, review  # noqa: F401 (registers)
from archive.admin_upload import PhotoForm, PhotoFormSet, ReportUploadMixin
from archive.templatetags import archive_tags


class PlenumInline(admin.TabularInline):
    model = models.Plenum
    extra = 0
    fields = ("number", "start_date", "end_date", "summary")
    show_change_link = True


@admin.register(models.Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("roman", "number", "start_year", "end_year", "plenum_count")
    search_fields = ("roman",)
    ordering = ("-number",)
    inlines = [PlenumInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(plenum_count=Count("plenums"))

    @admin.display(description="số hội nghị", ordering="plenum_count")
    def plenum_count(self, obj):
        return obj.plenum_count


class PassedDocumentInline(admin.TabularInline):
    model = models.Document
    fk_name = "plenum"
    extra = 0
    fields = ("code", "subject", "issue_date")
    show_change_link = True


@admin.register(models.Plenum)
class PlenumAdmin(admin.ModelAdmin):
    list_display = ("__str__", "term", "number", "start_date", "end_date")
    list_filter = ("term",)
    list_select_related = ("term",)
    search_fields = ("term__roman", "=number", "summary")
    ordering = ("-term__number", "-number")
    inlines = [PassedDocumentInline]


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("code", "type", "issuer", "short_subject", "issue_date", "plenum", "reports")
    list_filter = ("type", "issuer", "plenum__term")
    list_select_related = ("plenum__term",)
    search_fields = ("code", "slug", "subject")
    autocomplete_fields = ("plenum",)
    readonly_fields = ("slug",)
    date_hierarchy = "issue_date"
    # Explicit: Meta.ordering is dropped from the GROUP BY of the count annotation.
    ordering = ("code",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_report_counts()

    @admin.display(description="trích yếu")
    def short_subject(self, obj):
        return obj.subject[:80] + ("…" if len(obj.subject) > 80 else "")

    @admin.display(description="số bài", ordering="report_count")
    def reports(self, obj):
        return obj.report_count


class ChildPlaceInline(admin.TabularInline):
    model = models.Place
    fk_name = "parent"
    extra = 0
    fields = ("name", "slug", "kind", "current")
    show_change_link = True


@admin.register(models.Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "current", "slug")
    list_filter = ("kind", "current")
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "historical_names")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ChildPlaceInline]


class PositionInline(admin.TabularInline):
    model = models.Position
    extra = 0
    fields = ("title", "body", "term", "start_date", "end_date", "source")


@admin.register(models.Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("person", "title", "term", "start_date", "end_date")
    list_filter = ("title", "term")
    list_select_related = ("person", "term")
    search_fields = ("person__name", "title", "body")
    autocomplete_fields = ("person",)
    date_hierarchy = "start_date"


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "appearance_count")
    search_fields = ("name", "slug", "appearances__position")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)
    inlines = [PositionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_count=Count("appearances"))

    @admin.display(description="số lần xuất hiện", ordering="appearance_count")
    def appearance_count(self, obj):
        return obj.appearance_count

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Searching positions joins appearances: one person may match many times.
        return results, True


class ReportDocumentInline(admin.TabularInline):
    model = models.ReportDocument
    extra = 0
    autocomplete_fields = ("document",)


class ReportPlenumInline(admin.TabularInline):
    model = models.ReportPlenum
    extra = 0
    autocomplete_fields = ("plenum",)


class AppearanceInline(admin.TabularInline):
    model = models.Appearance
    extra = 0
    autocomplete_fields = ("person",)
    fields = ("order", "person", "role", "position", "topic")


class ConnectionPointInline(admin.TabularInline):
    model = models.ConnectionPoint
    extra = 0
    autocomplete_fields = ("place",)
    fields = ("name", "place", "is_central")


class PhotoInline(admin.TabularInline):
    model = models.Photo
    form = PhotoForm  # checks and re-encodes new photos (archive/images.py)
    formset = PhotoFormSet  # bounds the pixels of the photos sent together
    extra = 0
    fields = ("preview", "image", "caption", "order")
    readonly_fields = ("preview",)

    @admin.display(description="xem trước")
    def preview(self, obj):
        image = (obj.thumbnail or obj.image) if obj.pk else None
        if not image:
            return "—"
        return format_html('<img src="{}" alt="" style="max-height:60px">', image.url)


@admin.register(models.Report)
class ReportAdmin(ReportUploadMixin, admin.ModelAdmin):
    # Few, narrow columns: the title needs the width (long Vietnamese titles).
    list_display = (
        "title",
        "event_date_shown",
        "status",
        "organiser_place",
        "source_outlet",
        "created_shown",
    )
    list_display_links = ("title",)
    list_filter = ("status", "date_precision", "format", "level", "plenums__term")
    list_select_related = ("organiser_place",)
    search_fields = ("title", "organiser", "author", "source_url", "documents__code")
    date_hierarchy = "event_date"
    autocomplete_fields = ("organiser_place",)
    change_form_template = "admin/archive/report/change_form.html"
    readonly_fields = (
        "original_filename",
        "content_hash",
        "created_at",
        "updated_at",
        "published_at",
        "view_on_site_link",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "view_on_site_link")}),
        (
            "Thời gian và hình thức",
            {"fields": ("event_date", "date_precision", "date_basis", "format", "level")},
        ),
        ("Tổ chức", {"fields": ("organiser", "organiser_place")}),
        ("Nguồn", {"fields": ("source_outlet", "source_url", "author")}),
        ("Nội dung", {"fields": ("body",)}),
        (
            "Tệp gốc",
            {
                "classes": ("collapse",),
                "description": "Văn bản gốc (giữ nguyên như khi tải lên) hiện ở cột bên phải.",
                "fields": (
                    "original_filename",
                    "content_hash",
                    "created_at",
                    "updated_at",
                    "published_at",
                ),
            },
        ),
    )
    inlines = [
        ReportDocumentInline,
        ReportPlenumInline,
        AppearanceInline,
        ConnectionPointInline,
        PhotoInline,
    ]
    actions = ["publish", "unpublish"]
    list_per_page = 50

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # A search on documents__code joins the M2M: ask for distinct rows.
        return results, True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "title":
            # Titles run to 30 words: two lines across the form, not a short box.
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="tạo lúc", ordering="created_at")
    def created_shown(self, obj):
        return timezone.localtime(obj.created_at).strftime("%d/%m/%Y %H:%M")

    @admin.display(description="ngày diễn ra", ordering="event_date")
    def event_date_shown(self, obj):
        return archive_tags.event_date(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The review panel: the original text with every fact the report
        # carries marked where it was found (archive/review.py).
        report = self.get_object(request, unquote(object_id))
        extra = dict(extra_context or {})
        if report is not None:
            facts = review.facts_of(report)
            extra["source_text"] = review.marked_text(report.original_text, facts)
            extra["source_facts"] = facts
            extra["is_draft"] = report.status == models.Report.Status.DRAFT
        return super().change_view(request, object_id, form_url, extra)

    def save_model(self, request, obj, form, change):
        if "_publish" in request.POST:
            obj.status = models.Report.Status.PUBLISHED
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if "_publish" in request.POST:
            self.message_user(
                request,
                f"Đã xuất bản “{obj}”: bài đã hiện trên trang và tìm được.",
                messages.SUCCESS,
            )
            return redirect(reverse("admin:archive_report_change", args=[obj.pk]))
        return super().response_change(request, obj)

    @admin.display(description="trang công khai")
    def view_on_site_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

    def _set_status(self, request, queryset, status, verb):
        # Saved one by one, not with update(), so the search index queue hears of it.
        changed = 0
        for report in queryset.exclude(status=status):
            report.status = status
            report.save(update_fields=["status", "updated_at"])
            changed += 1
        if changed:
            grouping.propose()  # what was published may belong with other reports
        self.message_user(request, f"Đã {verb} {changed} bài.", messages.SUCCESS)

    @admin.action(description="Xuất bản các bài đã chọn", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, models.Report.Status.PUBLISHED, "xuất bản")

    @admin.action(description="Thôi xuất bản (chuyển về bản nháp)", permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, models.Report.Status.DRAFT, "chuyển về bản nháp")


@admin.register(models.Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "position", "report")
    list_filter = ("role",)
    list_select_related = ("person", "report")
    search_fields = ("person__name", "position", "topic", "report__title")
    autocomplete_fields = ("person", "report")


@admin.register(models.ConnectionPoint)
class ConnectionPointAdmin(admin.ModelAdmin):
    list_display = ("name", "place", "is_central", "report")
    list_filter = ("is_central",)
    list_select_related = ("place", "report")
    search_fields = ("name", "place__name", "report__title")
    autocomplete_fields = ("place", "report")


@admin.register(models.Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ("__str__", "report", "order", "width", "height")
    list_select_related = ("report",)
    search_fields = ("caption", "report__title")
    autocomplete_fields = ("report",)


@admin.register(models.ReportDocument)
class ReportDocumentAdmin(admin.ModelAdmin):
    list_display = ("report", "document", "is_subject")
    list_filter = ("is_subject",)
    list_select_related = ("report", "document")
    search_fields = ("document__code", "report__title")
    autocomplete_fields = ("report", "document")


@admin.register(models.ReportPlenum)
class ReportPlenumAdmin(admin.ModelAdmin):
    list_display = ("report", "plenum", "is_subject")
    list_filter = ("is_subject", "plenum__term")
    list_select_related = ("report", "plenum__term")
    search_fields = ("report__title",)
    autocomplete_fields = ("report", "plenum")
