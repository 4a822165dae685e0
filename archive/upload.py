"""Staff upload of one report: a text (file or pasted) plus its photos.

The form reads and checks everything before anything is written: the text is
decoded (any common or legacy Vietnamese encoding, .html, .docx), each photo is
checked and re-encoded in memory. ``create_draft`` then runs the same import as
``manage.py import_reports`` as a draft and stores the photos, in one
transaction; photo files written before a failure are deleted again, so a
failed upload leaves neither rows nor files.
"""

import logging
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.db import transaction

from archive import images, importing, legacy_charsets
from archive.decoding import DecodeError, read_upload

logger = logging.getLogger(__name__)

TEXT_EXTENSIONS = (".txt", ".html", ".htm", ".docx")


class UploadError(Exception):
    """The upload cannot be saved; the message is for staff, in Vietnamese."""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; each is checked by the form, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        return list(data) if isinstance(data, (list, tuple)) else [data]


def _mb(n):
    return f"{n / (1024 * 1024):.0f} MB"


class UploadForm(forms.Form):
    text_file = forms.FileField(
        label="Tệp bài viết",
        required=False,
        help_text="Tệp .txt (mọi bảng mã, kể cả TCVN3/ABC và VNI), trang web đã lưu "
        "(.html, .htm) hoặc tệp Word .docx.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(TEXT_EXTENSIONS)}),
    )
    pasted_text = forms.CharField(
        label="…hoặc dán nội dung bài",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
    )
    source_url = forms.URLField(
        label="Địa chỉ nguồn", required=False, max_length=1000, assume_scheme="https"
    )
    photos = MultipleFileField(
        label="Ảnh",
        help_text="Chọn một hoặc nhiều ảnh JPEG, PNG hoặc WebP.",
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    captions = forms.CharField(
        label="Chú thích ảnh",
        required=False,
        strip=False,  # a leading empty line means "no caption for the first photo"
        help_text="Mỗi dòng một chú thích, theo thứ tự các ảnh. Để trống thì dùng chú thích "
        "ảnh tìm thấy trong bài (nếu có).",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 90}),
    )

    def clean_text_file(self):
        upload = self.cleaned_data.get("text_file")
        if not upload:
            return None
        name = upload.name or ""
        if not name.lower().endswith(TEXT_EXTENSIONS):
            raise forms.ValidationError(
                f"Tệp “{name}” không đúng định dạng: chỉ nhận .txt, .html, .htm, .docx."
            )
        if upload.size > settings.ARCHIVE_MAX_TEXT_BYTES:
            raise forms.ValidationError(
                f"Tệp “{name}” quá lớn ({_mb(upload.size)}); "
                f"giới hạn là {_mb(settings.ARCHIVE_MAX_TEXT_BYTES)}."
            )
        try:
            self.text, self.encoding = read_upload(name, upload.read(), with_encoding=True)
        except DecodeError as error:
            raise forms.ValidationError(f"Tệp “{name}”: {error}") from None
        return upload

    def clean_photos(self):
        self.processed_photos = []
        errors = []
        uploads = self.cleaned_data.get("photos") or []
        # Each photo is held in memory, re-encoded, until the transaction; decoding
        # costs by the pixel: bound both for the whole upload before decoding any.
        most = settings.ARCHIVE_MAX_PHOTOS_PER_UPLOAD
        if len(uploads) > most:
            raise forms.ValidationError(
                f"Tối đa {most} ảnh mỗi lần tải lên; hãy thêm các ảnh còn lại ở trang sửa bài."
            )
        self._check_total_pixels(uploads)
        for upload in uploads:
            if upload.size > settings.ARCHIVE_MAX_PHOTO_BYTES:
                # Refused before reading it into memory.
                errors.append(
                    f"Ảnh “{upload.name}” quá lớn ({_mb(upload.size)}); "
                    f"giới hạn là {_mb(settings.ARCHIVE_MAX_PHOTO_BYTES)}."
                )
                continue
            try:
                self.processed_photos.append(images.process(upload.read(), upload.name))
            except images.ImageError as error:
                errors.append(str(error))
        if errors:
            raise forms.ValidationError(errors)
        return self.cleaned_data.get("photos")

    def _check_total_pixels(self, uploads):
        message = upload_pixels_error(uploads)
        if message:
            raise forms.ValidationError(message)

    def clean(self):
        cleaned = super().clean()
        pasted = cleaned.get("pasted_text") or ""
        has_file = bool(cleaned.get("text_file"))
        if "text_file" in self.errors:
            return cleaned
        if has_file and pasted.strip():
            raise forms.ValidationError("Hãy chọn tệp HOẶC dán nội dung, không cả hai.")
        if not has_file:
            if not pasted.strip():
                raise forms.ValidationError("Hãy chọn một tệp bài viết hoặc dán nội dung bài.")
            if len(pasted.encode("utf-8")) > settings.ARCHIVE_MAX_TEXT_BYTES:
                raise forms.ValidationError(
                    f"Nội dung dán vào quá dài; giới hạn là {_mb(settings.ARCHIVE_MAX_TEXT_BYTES)}."
                )
            # Text pasted from a Word file in a .VnTime font arrives as TCVN3 characters.
            self.text, self.encoding = legacy_charsets.repair(pasted)
        return cleaned

    def upload_kwargs(self):
        """What create_draft needs, once the form is valid."""
        upload = self.cleaned_data.get("text_file")
        captions = [line.strip() for line in self.cleaned_data.get("captions", "").splitlines()]
        return {
            "text": self.text,
            "original_filename": upload.name if upload else "",
            "source_url": self.cleaned_data.get("source_url") or "",
            "photos": self.processed_photos,
            "captions": captions,
        }


def upload_pixels_error(uploads):
    """The message refusing photos sent together whose pixels, read from their
    headers, pass ``ARCHIVE_MAX_UPLOAD_PIXELS``; None when within it."""
    total = 0
    for upload in uploads:
        if upload.size <= settings.ARCHIVE_MAX_PHOTO_BYTES:
            total += images.header_pixels(upload)
            upload.seek(0)
    limit = settings.ARCHIVE_MAX_UPLOAD_PIXELS
    if total <= limit:
        return None
    return (
        f"Các ảnh tải lên có tổng cộng {total / 1_000_000:.0f} triệu điểm ảnh, quá giới "
        f"hạn {limit / 1_000_000:g} triệu điểm ảnh mỗi lần tải lên (xử lý sẽ quá lâu). "
        "Hãy tải lên ít ảnh hơn hoặc ảnh nhỏ hơn; có thể thêm các ảnh còn lại sau."
    )


@dataclass
class UploadResult:
    report: object = None
    duplicate_of: object = None
    possible_duplicates: list = field(default_factory=list)
    photos: list = field(default_factory=list)

    @property
    def created(self):
        return self.report is not None


def create_draft(text, *, original_filename="", source_url="", photos=(), captions=()):
    """Import `text` as a draft report and attach `photos` (ProcessedImage list).

    Captions are taken from `captions` by position, else from the photo caption
    lines extraction found, else left empty. Returns an UploadResult: either
    the new report, or `duplicate_of` (same content, nothing created). Raises
    UploadError when the import refuses the text; nothing is left behind then.
    """
    written = []
    try:
        with transaction.atomic():
            outcome = importing.import_text(
                text, original_filename=original_filename, source_url=source_url, publish=False
            )
            if outcome.status == "duplicate":
                return UploadResult(duplicate_of=outcome.duplicate_of)
            if outcome.status != "imported" or outcome.report is None:
                raise UploadError(outcome.message or "Không nhập được bài này.")
            report = outcome.report
            report.refresh_from_db()  # typed values (the import set the date as a string)
            found = _extracted_captions(outcome)
            saved = []
            for order, processed in enumerate(photos):
                caption = _pick(captions, order) or _pick(found, order)
                saved.append(
                    images.save_photo(
                        report, processed, caption=caption, order=order, written=written
                    )
                )
    except BaseException:
        images.delete_files(written)
        raise
    return UploadResult(
        report=report,
        possible_duplicates=list(outcome.possible_duplicates or []),
        photos=saved,
    )


def _pick(items, index):
    return items[index] if index < len(items) and items[index] else ""


def _extracted_captions(outcome):
    data = getattr(outcome, "data", None) or {}
    return [str(c) for c in data.get("photo_captions") or []]
