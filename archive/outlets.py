"""The outlet that published a report (part of the extractor; pure Python).

Reports name it at the end ("Theo Báo Bắc Ninh", "Nguồn: Cổng TTĐT tỉnh",
"(binhthuan.gov.vn)") or at the start of the lead, as the outlet's tag before
the dateline ("(Baonghean.vn) - Sáng 29/11", "VOV.VN - Ngày 7/2", "(GLO)- Sáng
25-2", "Hà Nội (TTXVN) -"); a wire story's byline ends with the agency ("Bảo
Anh (TTXVN)"). None when the text names none: the page shows "nguồn chưa rõ".
"""

import re

from archive import reference, vietnamese

_DOMAIN = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:vn|com|net|org|info)"
# An outlet's tag: a web domain, or an abbreviation in capitals ("ANTĐ", "ĐTO", "GLO").
_TAG = rf"(?:{_DOMAIN}|[A-ZĐ][A-ZĐ0-9.]{{1,9}})"
_LEAD_TAG = re.compile(
    rf"^\s*(?:[^\s()]+(?:\s[^\s()]+){{0,2}}\s*)?\((?P<p>{_TAG})\)\s*[-–—:]"
    rf"|^\s*(?P<b>{_TAG})\s*[-–—]\s",
    re.IGNORECASE,
)
# "Kinhtedothi-Sáng nay, 17/3": one word glued to the dateline.
_WORD_TAG = re.compile(
    r"^\s*(?P<w>[A-ZĐ][\w.]{2,24})\s*[-–—]\s*(?=(?:Sáng|Chiều|Tối|Trưa|Ngày|Hôm)\b)"
)
_END_LINE = re.compile(r"^\s*(?:theo|nguồn\s*:?)\s+(?P<o>.{3,80}?)\s*\.?\s*$", re.IGNORECASE)
_END_DOMAIN = re.compile(rf"^\s*\(\s*(?P<o>{_DOMAIN})\s*\)\s*$", re.IGNORECASE)
_OUTLET_LINE = re.compile(
    r"^(?:Báo|Đài|Tạp chí|Cổng thông tin|Cổng TTĐT|Trang thông tin|TTXVN|Thông tấn xã)(?!\w)"
)
_AGENCY = re.compile(r"\((?P<o>TTXVN|VNA|TTXVN/Vietnam\+|Vietnam\+|VOV|VTV)\)\s*$")


def find_outlet(lead, last_lines, office=None, author=None):
    """The outlet as written, or None. ``lead``: the paragraph that opens with
    the dateline; ``last_lines``: the text's last few lines; ``office``: the
    office line found under the byline; ``author``: the byline."""
    for line in [office or "", *reversed(last_lines)]:
        m = _END_LINE.match(line) or _END_DOMAIN.match(line)
        if m:
            return m.group("o").strip()
        if line and _OUTLET_LINE.match(line) and len(line) <= 80:
            return line.strip().rstrip(".")
    m = _LEAD_TAG.match(lead or "")
    if m and _is_tag(m.group("p") or m.group("b")):
        return m.group("p") or m.group("b")
    m = _WORD_TAG.match(lead or "")
    if m and vietnamese.search_key(m.group("w")) not in reference.places():
        return m.group("w")
    m = _AGENCY.search(author or "")
    if m:
        return m.group("o")
    return None


def _is_tag(tag):
    """A domain, or an abbreviation written in capitals (not "Sáng", "Hà")."""
    return (
        "." in tag
        and re.fullmatch(_DOMAIN + r"\.?", tag, re.IGNORECASE) is not None
        or (tag.upper() == tag and len(tag.rstrip(".")) >= 2)
    )
