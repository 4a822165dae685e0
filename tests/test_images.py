"""Photo checks and processing (archive/images.py), on images made here with Pillow."""

import io
import struct
import zlib

import pytest
from django.test import override_settings
from PIL import Image

from archive import images


def make_image(fmt="JPEG", size=(800, 600), color=(200, 30, 30), mode="RGB", exif=None):
    im = Image.new(mode, size, color)
    # A marker in the top-left corner so orientation can be checked.
    corner = (0, 0, 0) if mode == "RGB" else (0, 0, 0, 255)
    im.paste(Image.new(mode, (size[0] // 4, size[1] // 4), corner), (0, 0))
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    im.save(out, fmt, **kwargs)
    return out.getvalue()


def exif_with_gps(orientation=1):
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "Canon"  # Make
    gps = {1: "N", 2: (21.0, 0.0, 0.0), 3: "E", 4: (105.0, 51.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo IFD
    return exif


def huge_png_header(width, height):
    """A tiny PNG file whose header claims width×height pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    data = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk
    data += struct.pack(">I", zlib.crc32(chunk))
    idat = zlib.compress(b"\x00" * 1000)
    data += (
        struct.pack(">I", len(idat))
        + b"IDAT"
        + idat
        + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
    )
    return data + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))


def open_image(data):
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_accepted_formats_make_display_and_thumbnail(fmt):
    result = images.process(make_image(fmt, size=(3000, 2000)), "a")
    assert (result.width, result.height) == (3000, 2000)
    assert open_image(result.original).size == (3000, 2000)
    assert open_image(result.display).size == (1600, 1067)
    assert open_image(result.thumbnail).size == (320, 213)
    assert open_image(result.original).format == fmt


def test_small_image_is_not_enlarged():
    result = images.process(make_image(size=(200, 100)))
    assert open_image(result.display).size == (200, 100)
    assert open_image(result.thumbnail).size == (200, 100)


def test_exif_orientation_is_applied():
    # Orientation 6: the camera was turned; the stored pixels must be upright.
    data = make_image(size=(400, 200), exif=exif_with_gps(orientation=6))
    result = images.process(data)
    assert (result.width, result.height) == (200, 400)
    thumb = open_image(result.thumbnail).convert("RGB")
    # The dark marker was top-left before rotating 90° clockwise: now top-right.
    assert sum(thumb.getpixel((thumb.width - 5, 5))) < 60
    assert sum(thumb.getpixel((5, 5))) > 200


@pytest.mark.parametrize("fmt", ["JPEG", "WEBP", "PNG"])
def test_no_exif_or_gps_in_any_stored_file(fmt):
    data = make_image(fmt, exif=exif_with_gps())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the input has GPS
    result = images.process(data)
    for stored in (result.original, result.display, result.thumbnail):
        im = open_image(stored)
        assert not im.getexif(), "EXIF left in a stored file"
        assert "exif" not in im.info and "xmp" not in im.info
        assert b"Canon" not in stored


def test_transparent_png_keeps_alpha_in_display():
    result = images.process(make_image("PNG", mode="RGBA", color=(0, 0, 255, 0)))
    assert open_image(result.display).mode == "RGBA"


def test_palette_and_cmyk_images_are_converted():
    pal = Image.new("P", (50, 50))
    out = io.BytesIO()
    pal.save(out, "PNG")
    assert images.process(out.getvalue()).width == 50
    cmyk = Image.new("CMYK", (50, 50))
    out = io.BytesIO()
    cmyk.save(out, "JPEG")
    assert open_image(images.process(out.getvalue()).display).mode == "RGB"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_formats_are_refused_by_content(fmt):
    with pytest.raises(images.ImageError, match="không được nhận"):
        images.process(make_image(fmt), "anh.jpg")


def test_text_renamed_jpg_is_refused():
    with pytest.raises(images.ImageError, match="không phải là ảnh"):
        images.process("Hội nghị quán triệt".encode(), "bai.jpg")


def test_empty_file_is_refused():
    with pytest.raises(images.ImageError, match="rỗng"):
        images.process(b"", "a.jpg")


def test_truncated_image_is_refused():
    data = make_image(size=(1200, 900))
    with pytest.raises(images.ImageError, match="hỏng"):
        images.process(data[: len(data) // 2], "cut.jpg")


@override_settings(ARCHIVE_MAX_PHOTO_BYTES=10_000)
def test_file_over_size_limit_is_refused():
    noisy = Image.effect_noise((400, 400), 80).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    with pytest.raises(images.ImageError, match="quá lớn"):
        images.process(out.getvalue(), "big.png")


def test_hundred_megapixel_image_refused_from_header_alone(monkeypatch):
    data = huge_png_header(10_000, 10_000)
    assert len(data) < 2000
    # Decoding must never start: fail loudly if anything tries to load pixels.
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("pixels decoded"))
    with pytest.raises(images.ImageError, match="điểm ảnh"):
        images.process(data, "bom.png")


def test_pillow_bomb_error_is_a_message_not_a_crash():
    # Over twice the limit Pillow raises DecompressionBombError itself in open().
    with override_settings(ARCHIVE_MAX_PHOTO_PIXELS=1000):
        with pytest.raises(images.ImageError, match="điểm ảnh"):
            images.check_header(make_image(size=(100, 100)))
    assert Image.MAX_IMAGE_PIXELS != 1000  # the global limit is restored


@override_settings(ARCHIVE_MAX_PHOTO_PIXELS=100 * 100)
def test_limit_is_inclusive():
    assert images.check_header(make_image(size=(100, 100))) == "JPEG"
    with pytest.raises(images.ImageError):
        images.check_header(make_image(size=(101, 100)))
