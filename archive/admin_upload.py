"""The Report admin's upload page, photo handling and "Trích xuất lại" action.

Plugged into archive/admin.py's ReportAdmin through ReportUploadMixin (extra
URL, action, thumbnail column) and PhotoForm (photos added in the inline go
through the same checks and processing as uploaded ones).
"""

import logging

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFilesSent
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from archive import images, reextraction
from archive.models import Photo
from archive.upload import UploadError, UploadForm, create_draft, upload_pixels_error

logger = logging.getLogger(__name__)


class PhotoForm(forms.ModelForm):
    """A photo added or replaced in the admin inline is checked and re-encoded
    like an uploaded one: display size, thumbnail, no EXIF."""

    # A plain file field: Django's ImageField would open the file with Pillow
    # before our checks (and warn, or give a generic message, on a bomb).
    image = forms.FileField(label="ảnh")

    class Meta:
        model = Photo
        fields = ("image", "caption", "order")

    # Set by PhotoFormSet when the photos sent together have too many pixels.
    too_many_pixels = None

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        self.processed = None
        if upload and "image" in self.changed_data and self.too_many_pixels:
            raise forms.ValidationError(self.too_many_pixels)
        if upload and "image" in self.changed_data:
            data = upload.read()
            try:
                self.processed = images.process(data, upload.name)
            except images.ImageError as error:
                raise forms.ValidationError(str(error)) from None
        return upload

    def save(self, commit=True):
        photo = super().save(commit=False)
        if self.processed is not None:
            old = images.photo_file_names(photo) if photo.pk else []
            written = []
            images.fill_photo(photo, self.processed, written=written)
            # Old files go once the new ones are committed; new ones if not.
            transaction.on_commit(lambda: images.delete_files(set(old) - set(written)))
        if commit:
            photo.save()
        return photo


class PhotoFormSet(forms.BaseInlineFormSet):
    """The report page's photo inline: the pixels of all photos sent at once
    are bounded (``ARCHIVE_MAX_UPLOAD_PIXELS``, as on the upload page), from
    their headers, before any of them is decoded."""

    def full_clean(self):
        if self.is_bound:
            message = upload_pixels_error(
                [f for name, f in self.files.items() if name.startswith(f"{self.prefix}-")]
            )
            for form in self.forms:
                form.too_many_pixels = message
        super().full_clean()


@admin.display(description="ảnh")
def thumbnail_column(report):
    photo = next(iter(report.photos.all()), None)
    if photo is None or not photo.thumbnail:
        return ""
    return format_html(
        '<img src="{}" alt="{}" width="60" loading="lazy">', photo.thumbnail.url, photo.caption
    )


class ReportUploadMixin:
    """Adds the upload page, the re-extract action and a thumbnail column."""

    change_list_template = "admin/archive/report/change_list.html"

    def get_urls(self):
        upload = path(
            "tai-len/",
            self.admin_site.admin_view(self.upload_view),
            name="archive_report_upload",
        )
        return [upload, *super().get_urls()]

    def get_list_display(self, request):
        return (thumbnail_column, *super().get_list_display(request))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("photos")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            actions["reextract"] = self.get_action("reextract")
        return actions

    @admin.action(description="Trích xuất lại từ văn bản gốc", permissions=["change"])
    def reextract(self, request, queryset):
        details = []
        for report in queryset:
            with transaction.atomic():
                changes = reextraction.reextract(report)
            if changes:
                details.append(f"“{report.title[:60]}”: thêm {', '.join(changes)}")
        summary = "; ".join(details[:10]) + ("; …" if len(details) > 10 else "")
        summary = summary or "không có gì mới"
        self.message_user(
            request,
            f"Đã trích xuất lại {queryset.count()} bài ({summary}). Chỉ điền trường còn trống "
            "và thêm liên kết còn thiếu; những gì đã sửa được giữ nguyên.",
            messages.SUCCESS,
        )

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = None
        if request.method == "POST":
            try:
                form = UploadForm(request.POST, request.FILES)
                valid = form.is_valid()
            except (RequestDataTooBig, TooManyFilesSent):
                form, valid = UploadForm(), False
                form.add_error(None, "Dữ liệu gửi lên quá lớn hoặc quá nhiều tệp; hãy chia nhỏ.")
            if valid:
                response = self._save_upload(request, form)
                if response is not None:
                    return response
        if form is None:
            form = UploadForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Tải lên bài mới",
            "form": form,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/archive/report/upload.html", context)

    def _save_upload(self, request, form):
        try:
            result = create_draft(**form.upload_kwargs())
        except UploadError as error:
            form.add_error(None, str(error))
            return None
        except Exception:
            # Never a 500 for staff: say it failed; nothing was kept (create_draft rolled back).
            logger.exception("upload failed")
            form.add_error(None, "Không lưu được bài do lỗi hệ thống; chưa có gì được lưu.")
            return None
        if not result.created:
            existing = result.duplicate_of
            messages.warning(
                request,
                format_html(
                    'Nội dung này đã có trong kho: <a href="{}">{}</a>. Không tạo bài mới.',
                    _change_url(existing),
                    existing,
                ),
            )
            return redirect(_change_url(existing))
        report = result.report
        messages.success(request, _summary(report, result, form.encoding))
        if result.possible_duplicates:
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                (
                    (_change_url(r), f"{r} ({r.event_date or 'không rõ ngày'})")
                    for r in result.possible_duplicates
                ),
            )
            messages.warning(request, format_html("Bài này có thể trùng với bài {}.", links))
        return redirect(_change_url(report))


def _change_url(report):
    return reverse("admin:archive_report_change", args=[report.pk])


def _summary(report, result, encoding):
    if report.event_date:
        date = f"ngày {report.event_date:%d/%m/%Y} ({report.get_date_precision_display()})"
        if report.date_basis:
            date = f"{date[:-1]}, {report.date_basis})"
    else:
        date = "chưa xác định được ngày"
    counts = [
        (report.documents.count(), "văn bản"),
        (report.plenums.count(), "hội nghị Trung ương"),
        (report.appearances.speaking().count(), "người phát biểu"),
        (report.appearances.attending().count(), "người dự"),
        (report.connection_points.count(), "điểm cầu"),
        (len(result.photos), "ảnh"),
    ]
    found = ", ".join(f"{n} {label}" for n, label in counts)
    note = f" Bảng mã: {encoding}." if encoding and not encoding.startswith("UTF-8") else ""
    return format_html(
        "Đã tạo bản nháp “{}”: {}; tìm thấy {}.{} Hãy kiểm tra, sửa nếu cần rồi xuất bản.",
        report.title,
        date,
        found,
        note,
    )
