"""Report photos: check an uploaded image, then make the three files we keep.

Only JPEG, PNG and WebP are accepted, recognised by their content (the file
name says nothing). The pixel count is read from the image header before any
pixel is decoded, so a decompression bomb is refused without costing memory.

Every file we store is re-encoded from pixels, after applying the EXIF
orientation: the "original" (full size), a display size and a thumbnail. No
EXIF, GPS, XMP or comment block is copied into any of them, so a camera's
location never leaks through the site.
"""

import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

DISPLAY_SIZE = 1600
THUMBNAIL_SIZE = 320

# Pillow format name → (file extension, save options). Originals keep their format.
FORMATS = {
    "JPEG": ("jpg", {"quality": 90, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 90}),
}
ACCEPTED = ", ".join(("JPEG", "PNG", "WebP"))


class ImageError(ValueError):
    """An image we refuse; the message is Vietnamese and shown to staff as is."""


@dataclass
class ProcessedImage:
    original: bytes
    display: bytes
    thumbnail: bytes
    extension: str  # of the original
    derived_extension: str  # of display and thumbnail
    width: int
    height: int


def _limit_mb(n):
    return f"{n / (1024 * 1024):.0f} MB"


def check_header(data, name=""):
    """Refuse an image by size, type or pixel count, reading only its header.

    Returns the Pillow format name. Raises ImageError with a message naming the file.
    """
    label = f"Ảnh “{name}”" if name else "Ảnh"
    if not data:
        raise ImageError(f"{label} là tệp rỗng.")
    if len(data) > settings.ARCHIVE_MAX_PHOTO_BYTES:
        raise ImageError(
            f"{label} quá lớn ({_limit_mb(len(data))}); "
            f"giới hạn là {_limit_mb(settings.ARCHIVE_MAX_PHOTO_BYTES)}."
        )
    try:
        # Image.open parses the header only; .size is known without decoding pixels.
        with _bomb_guard(), Image.open(io.BytesIO(data)) as im:
            fmt, (width, height) = im.format, im.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(_too_many_pixels(label)) from None
    except Exception:
        # UnidentifiedImageError, OSError, SyntaxError, ValueError… and whatever
        # else a crafted file makes a decoder raise: all mean "not an image".
        raise ImageError(f"{label} không phải là ảnh hợp lệ (chỉ nhận {ACCEPTED}).") from None
    if fmt not in FORMATS:
        raise ImageError(f"{label} có định dạng {fmt}, không được nhận (chỉ nhận {ACCEPTED}).")
    if width * height > settings.ARCHIVE_MAX_PHOTO_PIXELS:
        raise ImageError(_too_many_pixels(label, width, height))
    return fmt


def header_pixels(data):
    """Width × height from the header alone (``data``: bytes or an open file,
    read only as far as the header), or 0 for what is not an image we can read
    (``process`` says why). Bounds the pixels of a whole upload before any
    photo is decoded."""
    source = data if hasattr(data, "read") else io.BytesIO(data)
    try:
        with _bomb_guard(), Image.open(source) as im:
            width, height = im.size
    except Exception:  # every refusal is reported by process()
        return 0
    return width * height


def _too_many_pixels(label, width=None, height=None):
    limit = settings.ARCHIVE_MAX_PHOTO_PIXELS / 1_000_000
    size = f" ({width}×{height} điểm ảnh)" if width else ""
    return f"{label} quá nhiều điểm ảnh{size}; giới hạn là {limit:g} triệu điểm ảnh."


class _bomb_guard(warnings.catch_warnings):
    """Pillow's own bomb check, tied to our limit, with its warning made an error."""

    def __enter__(self):
        result = super().__enter__()
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        self._saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = settings.ARCHIVE_MAX_PHOTO_PIXELS
        return result

    def __exit__(self, *exc):
        Image.MAX_IMAGE_PIXELS = self._saved
        return super().__exit__(*exc)


def process(data, name=""):
    """Check and re-encode one uploaded image. Returns a ProcessedImage.

    Raises ImageError for anything refused, including a file whose header is
    fine but whose pixel data is truncated or corrupt.
    """
    fmt = check_header(data, name)
    label = f"Ảnh “{name}”" if name else "Ảnh"
    try:
        with _bomb_guard(), Image.open(io.BytesIO(data)) as im:
            im.load()
            im = ImageOps.exif_transpose(im)
            im = _normalise_mode(im)
            # Drop everything the upload carried besides pixels and colour profile
            # (EXIF, GPS, XMP, comments): some encoders copy im.info by default.
            icc = im.info.get("icc_profile")
            im.info = {}
            original = _encode(im, fmt, icc)
            derived_fmt = "PNG" if im.mode in ("RGBA", "LA") and fmt != "JPEG" else "JPEG"
            display = _encode(_fit(im, DISPLAY_SIZE), derived_fmt, icc)
            thumbnail = _encode(_fit(im, THUMBNAIL_SIZE), derived_fmt, icc)
            width, height = im.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(_too_many_pixels(label)) from None
    except Exception:
        # Truncated or corrupt pixel data; decoders raise many kinds of errors.
        raise ImageError(f"{label} bị hỏng hoặc không đầy đủ, không đọc được.") from None
    return ProcessedImage(
        original=original,
        display=display,
        thumbnail=thumbnail,
        extension=FORMATS[fmt][0],
        derived_extension=FORMATS[derived_fmt][0],
        width=width,
        height=height,
    )


def _normalise_mode(im):
    # Palette/CMYK/16-bit images cannot all be written as JPEG or WebP: keep
    # transparency where there is some, otherwise plain RGB.
    if im.mode in ("RGB", "RGBA", "L"):
        return im
    if im.mode in ("LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        return im.convert("RGBA")
    return im.convert("RGB")


def _fit(im, size):
    if max(im.size) <= size:
        return im
    copy = im.copy()
    copy.thumbnail((size, size), Image.Resampling.LANCZOS)
    return copy


def _encode(im, fmt, icc=None):
    if fmt == "JPEG" and im.mode not in ("RGB", "L"):
        background = Image.new("RGB", im.size, "white")
        background.paste(im, mask=im.getchannel("A") if "A" in im.mode else None)
        im = background
    out = io.BytesIO()
    # No exif=/xmp=/pnginfo= arguments: none of the upload's metadata is copied.
    options = dict(FORMATS[fmt][1], **({"icc_profile": icc} if icc else {}))
    im.save(out, fmt, **options)
    return out.getvalue()


def save_photo(report, processed, *, caption="", order=0, written=None):
    """Create a Photo for `report` from a ProcessedImage and store its three files.

    Names of the files written are appended to `written`, so a caller whose
    transaction rolls back can delete them (see delete_files).
    """
    from archive.models import Photo

    photo = Photo(report=report, caption=caption[:500], order=order)
    fill_photo(photo, processed, written=written)
    photo.save()
    return photo


def fill_photo(photo, processed, *, written=None):
    """Store a ProcessedImage's files on `photo` (not saved) and set its size."""
    token = secrets.token_hex(6)
    photo.width, photo.height = processed.width, processed.height
    for field, content, ext in (
        ("image", processed.original, processed.extension),
        ("display", processed.display, processed.derived_extension),
        ("thumbnail", processed.thumbnail, processed.derived_extension),
    ):
        suffix = "" if field == "image" else f"-{field}"
        getattr(photo, field).save(f"{token}{suffix}.{ext}", ContentFile(content), save=False)
        if written is not None:
            written.append(getattr(photo, field).name)


def delete_files(names):
    """Delete stored files by name, ignoring ones already gone."""
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            try:
                default_storage.delete(name)
            except OSError:
                pass


def photo_file_names(photo):
    return [f.name for f in (photo.image, photo.display, photo.thumbnail) if f]


def delete_photo_files(sender, instance, **kwargs):
    """post_delete: a deleted photo's files go too, once the delete is committed."""
    names = photo_file_names(instance)
    transaction.on_commit(lambda: delete_files(names))
