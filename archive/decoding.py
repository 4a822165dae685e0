"""Uploaded files to text: .txt in any common encoding, saved web pages, Word files.

``decode_bytes`` reads a plain-text file: a BOM (UTF-8/16/32) wins, then UTF-16
without BOM (recognised by its zero bytes), then strict UTF-8, then the 8-bit
encodings Vietnamese text was written in (Windows-1258, TCVN3/ABC, VNI; see
archive/legacy_charsets.py). Text that is UTF-8 but was written in a legacy
font, or UTF-8 that went through Windows-1252 once, is repaired too.
``read_upload`` picks the reader by extension and checks the content matches.
Errors are DecodeError with a message staff can act on.
"""

import codecs
import io
import re
import zipfile

from django.conf import settings

from archive import legacy_charsets, vietnamese


class DecodeError(ValueError):
    """A file we cannot turn into text; the message is Vietnamese, for staff."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# Control characters that never occur in text (tab, newlines and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# Magic numbers of files people pick by mistake, with what to tell them.
_NOT_TEXT = (
    (b"%PDF", "Đây là tệp PDF; hãy mở và lưu lại dưới dạng .txt hoặc .docx."),
    (
        b"\xd0\xcf\x11\xe0",
        "Đây là tệp Word cũ (.doc); hãy mở bằng Word và lưu lại dưới dạng .docx.",
    ),
    (b"{\\rtf", "Đây là tệp RTF; hãy mở bằng Word và lưu lại dưới dạng .docx."),
    (b"\x89PNG", "Đây là tệp ảnh, không phải bài viết."),
    (b"\xff\xd8\xff", "Đây là tệp ảnh, không phải bài viết."),
    (b"GIF8", "Đây là tệp ảnh, không phải bài viết."),
    (b"RIFF", "Đây là tệp ảnh hoặc âm thanh, không phải bài viết."),
)

EMPTY = "Tệp rỗng: không có nội dung nào để nhập."
BINARY = "Tệp không phải văn bản (có vẻ là tệp nhị phân)."
UNKNOWN_ENCODING = (
    "Không nhận ra bảng mã của tệp (đã thử UTF-8, UTF-16, Windows-1258, TCVN3, VNI). "
    "Hãy mở tệp và lưu lại với bảng mã UTF-8."
)


def decode_bytes(data):
    """Decode the bytes of a plain-text report to a str (not yet normalised).

    Raises DecodeError when the file is empty, binary or in no encoding we know.
    """
    text, _ = decode_bytes_with_encoding(data)
    return text


def decode_bytes_with_encoding(data):
    """Like decode_bytes, and also name the encoding that was found."""
    if not data or not data.strip():
        raise DecodeError(EMPTY)
    for magic, message in _NOT_TEXT:
        if data.startswith(magic):
            raise DecodeError(message)
    text, encoding = _decode(data)
    if not text.strip():
        raise DecodeError(EMPTY)
    sample = text[:20000]
    if _CONTROL.search(sample) and len(_CONTROL.findall(sample)) > max(2, len(sample) // 200):
        raise DecodeError(BINARY)
    if encoding in ("UTF-8", "UTF-16", "UTF-32"):
        repaired, legacy = legacy_charsets.repair(text)
        if legacy:
            return repaired, f"{legacy} (trong tệp {encoding})"
    return text, encoding


def _decode(data):
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError:
                raise DecodeError(UNKNOWN_ENCODING) from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), "UTF-16"
    if b"\x00" in data:
        raise DecodeError(BINARY)
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    found = legacy_charsets.decode_8bit(data)
    if found is None:
        raise DecodeError(UNKNOWN_ENCODING)
    return found


def _utf16_without_bom(data):
    # ASCII-range characters in UTF-16 have one zero byte each: count them on
    # even and odd positions.
    sample = data[:4000]
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def read_upload(filename, data, *, with_encoding=False):
    """Text of an uploaded report file, chosen by its extension.

    .txt: any common encoding (decode_bytes); .html/.htm: a saved web page, its
    paragraphs as lines, without scripts, styles, navigation or comments; .docx:
    the Word document's paragraphs. Legacy TCVN3/VNI text inside any of them is
    converted. With ``with_encoding=True`` returns (text, encoding description).
    """
    name = (filename or "").lower()
    if not data or not data.strip():
        raise DecodeError(EMPTY)
    if name.endswith(".docx") or (name.endswith(".txt") and _is_docx(data)):
        text, encoding = _read_docx(data), "Word .docx"
    elif name.endswith((".html", ".htm")):
        try:
            text, encoding = _read_html(data)
        except (DecodeError, MemoryError):
            raise
        except Exception:
            # A page so malformed the parser gives up (e.g. absurd nesting).
            raise DecodeError(
                "Không đọc được trang web này; hãy lưu lại hoặc dán nội dung."
            ) from None
    elif name.endswith(".txt"):
        text, encoding = decode_bytes_with_encoding(data)
    elif name.endswith(".doc"):
        raise DecodeError(_NOT_TEXT[1][1])
    else:
        raise DecodeError("Không nhận định dạng tệp này: chỉ nhận .txt, .html, .htm, .docx.")
    if encoding in ("Word .docx", "HTML"):
        text, legacy = legacy_charsets.repair(text)
        if legacy:
            encoding = f"{legacy} (trong {encoding})"
    if not text.strip():
        raise DecodeError(EMPTY)
    return (text, encoding) if with_encoding else text


def _is_docx(data):
    return data.startswith(b"PK\x03\x04") and b"word/" in data[:4000]


def _count(n):
    return f"{n:,}".replace(",", ".")


def _check_docx_size(archive):
    """Refuse a .docx by what parsing it would cost, before python-docx builds
    its tree (which holds every element in memory: 95 MB of tiny paragraphs
    took 2 GB). The zip's expanded size is read from its directory; the XML
    parts are then streamed, element by element, keeping memory flat, and
    counted against ``ARCHIVE_MAX_DOCX_PARAGRAPHS`` and ``ARCHIVE_MAX_DOCX_ELEMENTS``."""
    from lxml import etree

    limit = settings.ARCHIVE_MAX_DOCX_EXPANDED_BYTES
    if sum(info.file_size for info in archive.infolist()) > limit:
        raise DecodeError(
            f"Tệp .docx giải nén ra quá lớn (giới hạn {limit // (1024 * 1024)} MB); "
            "hãy bỏ bớt ảnh trong tệp hoặc dán nội dung bài."
        )
    max_paragraphs = settings.ARCHIVE_MAX_DOCX_PARAGRAPHS
    max_elements = settings.ARCHIVE_MAX_DOCX_ELEMENTS
    paragraphs = elements = 0
    for info in archive.infolist():
        if not info.filename.endswith(".xml"):
            continue
        with archive.open(info) as stream:
            events = etree.iterparse(
                stream, events=("end",), resolve_entities=False, no_network=True
            )
            for _event, element in events:
                elements += 1
                if element.tag == _W_P:
                    paragraphs += 1
                if paragraphs > max_paragraphs:
                    raise DecodeError(
                        f"Tệp .docx có quá nhiều đoạn văn (hơn {_count(max_paragraphs)} đoạn; "
                        "một bài tường thuật thường chỉ vài trăm). Hãy kiểm tra lại tệp "
                        "hoặc dán nội dung bài."
                    )
                if elements > max_elements:
                    raise DecodeError(
                        f"Tệp .docx quá phức tạp (hơn {_count(max_elements)} thành phần); "
                        "hãy lưu lại thành tệp đơn giản hơn hoặc dán nội dung bài."
                    )
                # Drop what was read: memory stays flat whatever the file holds.
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]


_W_P = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"


def _read_docx(data):
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_docx_size(archive)
        document = docx.Document(io.BytesIO(data))
    except DecodeError:
        raise
    except Exception:
        # python-docx raises zipfile, KeyError and lxml errors alike for broken files.
        raise DecodeError(
            "Tệp .docx bị hỏng hoặc không phải tệp Word; hãy mở bằng Word và lưu lại."
        ) from None
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if cell.text not in cells:  # merged cells repeat
                    cells.append(cell.text)
            lines.append(" | ".join(cells))
    return "\n".join(lines).strip("\n")


_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "svg",
    "select",
)
_BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "dd",
    "dt",
    "hr",
)


def _decode_html(data):
    from bs4.dammit import EncodingDetector

    for bom, codec, _label in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), "HTML"
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    if declared:
        try:
            text = data.decode(declared)
            # Windows-1258 writes tones as combining marks.
            return vietnamese.normalize(text), "HTML"
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), "HTML"
    except UnicodeDecodeError:
        pass
    # Not declared and not UTF-8: old pages, usually written in a legacy font.
    found = legacy_charsets.decode_8bit(data)
    if found is None:
        raise DecodeError(UNKNOWN_ENCODING)
    return found[0], f"{found[1]} (trong HTML)"


def _check_html_depth(markup):
    """Refuse a page nested deeper than ``ARCHIVE_MAX_HTML_DEPTH`` before
    BeautifulSoup sees it (its tree building is quadratic in the depth: 200,000
    nested <div> in 2.2 MB never finish). libxml2's pull parser applies the
    HTML rules for unclosed tags (<p>, <li>, <td>) in linear time and is fed in
    chunks, stopping at the first element past the limit."""
    from lxml import etree

    limit = settings.ARCHIVE_MAX_HTML_DEPTH
    parser = etree.HTMLPullParser(events=("start", "end"))

    def events(chunk=64 * 1024):
        for start in range(0, len(markup), chunk):
            parser.feed(markup[start : start + chunk])
            yield from parser.read_events()
        parser.close()
        yield from parser.read_events()

    depth = 0
    try:
        for event, _element in events():
            depth += 1 if event == "start" else -1
            if depth > limit:
                raise DecodeError(
                    f"Trang web lồng nhau quá sâu (hơn {limit} tầng thẻ); có thể tệp bị lỗi. "
                    "Hãy lưu lại trang hoặc dán nội dung bài."
                )
    except etree.LxmlError:
        pass  # markup libxml2 gives up on: BeautifulSoup judges it below


def _read_html(data):
    from bs4 import BeautifulSoup

    markup, encoding = _decode_html(data)
    _check_html_depth(markup)
    # lxml applies the HTML rules for unclosed tags (as the depth check does) in
    # linear time; the text is then read in one walk, never by editing the tree
    # (every insert or extract in BeautifulSoup scans the siblings: quadratic).
    soup = BeautifulSoup(markup, "lxml")
    found = _landmarks(soup)
    title = found["title"].get_text(" ", strip=True) if "title" in found else ""
    site, published = _page_metadata(soup, title)
    root = found.get("article") or found.get("body") or soup
    lines = []
    for line in _block_text(root).split("\n"):
        line = " ".join(line.split())
        if line or (lines and lines[-1]):
            lines.append(line)
    text = "\n".join(lines).strip()
    has_h1 = any(root is soup or root in h1.parents for h1 in found["h1"])
    if title and not has_h1:
        title = _strip_site_name(title)
        if not text.startswith(title):
            text = f"{title}\n\n{text}" if text else ""
    if text:
        # What the page says of itself, in the text the extractor reads:
        # "date 2024-05-30" (the publication date) and "Nguồn: Báo X".
        if published:
            text = f"{text}\n\ndate {published}"
        if site:
            text = f"{text}\n\nNguồn: {site}"
    return vietnamese.normalize(text), encoding


def _landmarks(soup):
    """The page's first <title> and <body>, its first kept <article> and its
    kept <h1>s ("kept": not inside navigation, scripts, forms …), in one walk
    (each ``find`` of BeautifulSoup is a walk of its own)."""
    from bs4 import Tag

    found, stack = {"h1": []}, list(reversed(soup.contents))
    while stack:
        node = stack.pop()
        if not isinstance(node, Tag):
            continue
        if node.name == "title":
            found.setdefault("title", node)
        if node.name in _DROP_TAGS:
            continue
        if node.name in ("body", "article"):
            found.setdefault(node.name, node)
        elif node.name == "h1":
            found["h1"].append(node)
        stack.extend(reversed(node.contents))
    return found


def _block_text(root):
    """The text under ``root``: a line break for <br> and around every block,
    nothing from dropped tags or comments. One iterative walk, so any size and
    depth of tree costs time in proportion to it."""
    from bs4 import CData, NavigableString, Tag

    out, stack = [], list(reversed(root.contents))
    while stack:
        node = stack.pop()
        if type(node) is str:  # a line break pushed after a block's children
            out.append(node)
        elif isinstance(node, Tag):
            if node.name in _DROP_TAGS:
                continue
            if node.name == "br":
                out.append("\n")
                continue
            if node.name in _BLOCK_TAGS:
                out.append("\n")
                stack.append("\n")
            stack.extend(reversed(node.contents))
        elif type(node) in (NavigableString, CData):
            out.append(str(node))
    return "".join(out)


def _page_metadata(soup, title):
    """(site name, publication date "YYYY-MM-DD") from a saved page's <meta>
    tags and title ("Tin hội nghị | Báo X"), each None when absent."""

    from bs4 import Tag

    # The first tag for each (attribute, value), read in one walk: a find() per
    # name was a walk of the whole page each, a dozen per upload.
    first = {}
    for tag in soup.descendants:
        if isinstance(tag, Tag):
            for key in ("property", "name") if tag.name == "meta" else ():
                if isinstance(tag.get(key), str):
                    first.setdefault((key, tag[key]), tag)
            if isinstance(tag.get("itemprop"), str):
                first.setdefault(("itemprop", tag["itemprop"]), tag)

    def meta(*names):
        for name in names:
            tag = first.get(("property", name)) or first.get(("name", name))
            tag = tag or first.get(("itemprop", name))
            value = tag and (tag.get("content") or tag.get("datetime"))
            if value and value.strip():
                return value.strip()
        return None

    site = meta("og:site_name", "application-name")
    if not site and title:
        head = _strip_site_name(title)
        tail = title[len(head) :].strip(" |-–")
        site = tail if head != title.strip() and 2 <= len(tail) <= 60 else None
    stamp = meta("article:published_time", "datePublished", "pubdate", "date")
    m = re.match(r"((?:19|20)\d\d-\d\d-\d\d)", stamp or "")
    return (" ".join(site.split())[:100] if site else None), (m.group(1) if m else None)


def _strip_site_name(title):
    # "Tin hội nghị | Báo X", "Tin hội nghị - Báo X": keep the longer part before it.
    for sep in (" | ", " - ", " – "):
        if sep in title:
            head, tail = title.rsplit(sep, 1)
            if len(head) > len(tail):
                return head.strip()
    return title.strip()
