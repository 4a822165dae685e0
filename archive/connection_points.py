"""Connection points ("điểm cầu", "đầu cầu") a report names (part of the
extractor; pure Python): the central room, each local point as written with
its place when the reference data knows it, and the count when the text gives
one ("tới 16 điểm cầu")."""

import re

from archive import reference, vietnamese

_POINT = re.compile(r"(?:diem|dau) cau(?!\w)")
_POINT_COUNT_BEFORE = re.compile(
    r"(?:(?<!nam )\b\d{1,4}|\d{1,3}(?:[.,]\d{3})+|cac|nhieu|hang tram|hang nghin|hon|gan|tren|moi|nhung|tat ca)\s*$"
)
# Rooms national conferences are broadcast from, all in Hà Nội.
_NATIONAL_ROOM = re.compile(
    r"Diên Hồng|Quốc hội|Trụ sở Trung ương Đảng|Trung tâm Hội nghị Quốc gia"
)
_CENTRAL = re.compile(r"^\s*(?:chinh|trung uong|trung tam)\b")
# Lower-case words that belong to a point's name ("thành phố", "Tỉnh ủy").
_POINT_WORDS = {
    "tp.",
    "uy",
    "thanh",
    "pho",
    "tinh",
    "huyen",
    "quan",
    "thi",
    "xa",
    "phuong",
    "tran",
    "phong",
    "hop",
    "hoi",
    "truong",
    "dang",
    "tp",
}


def _point_name(full, start):
    """The connection point name written after "điểm cầu" at ``start``: a run
    of capitalised words and the administrative words around them ("Thành ủy
    Móng Cái", "thành phố Hải Phòng", "Tỉnh ủy"); None for generic mentions
    ("các điểm cầu của tỉnh ủy, thành ủy")."""
    words = []
    line_end = full.find("\n", start)
    for m in re.finditer(
        r"\S+", full[start : min(start + 150, line_end if line_end >= 0 else len(full))]
    ):
        token = m.group(0)
        # "TP." (thành phố) keeps its dot and the name goes on after it.
        word = token if token in ("TP.", "Tp.") else token.rstrip(',.;:)”"…|')
        if not word or word[0] in '(“"':
            break
        dash = word in ("-", "–", "—") and bool(words)
        if not (dash or word[0].isupper() or vietnamese.fold_lower(word) in _POINT_WORDS):
            break
        words.append(word)
        if word != token or len(words) >= 8:
            break
    while words and not words[-1][0].isupper() and vietnamese.fold_lower(words[-1]) != "uy":
        words.pop()
    while words and words[-1] in ("-", "–", "—"):
        words.pop()
    if not any(w[0].isupper() for w in words):
        return None
    return " ".join(words)


def find_connection_points(full, low):
    points, seen, count = [], [], None
    for m in _POINT.finditer(low):
        if m.start() and low[m.start() - 1].isalnum():
            continue
        before = low[max(0, m.start() - 20) : m.start()]
        counted = _POINT_COUNT_BEFORE.search(before)
        if counted:
            digits = re.search(r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*$", before)
            if digits and count is None:
                count = int(re.sub(r"[.,]", "", digits.group(1)))
            continue
        after = low[m.end() : m.end() + 200]
        central = bool(_CENTRAL.match(after))
        if central:
            name = _central_name(full, m.end())
            if name is None:
                continue
            place = reference.find_place(name)[0]
            name = re.sub(r"\s*\((?:Hà Nội|Thủ đô)\)\s*$", "", name)
            if place is None and (
                "(hà nội)" in full[m.end() : m.end() + 200].lower() or _NATIONAL_ROOM.search(name)
            ):
                place = "Hà Nội"
        else:
            name = _point_name(full, m.end())
            if not name:
                continue
            place = reference.find_place(name)[0]
        # "điểm cầu Thành ủy Móng Cái" and later "điểm cầu Móng Cái" are one
        # point; "tỉnh Thanh Hóa" and "Tỉnh ủy Thanh Hóa" may be two.
        key = f" {vietnamese.search_key(name)} "
        if any(key in other or other in key for other in seen):
            continue
        seen.append(key)
        points.append({"name": name, "place": place, "central": central})
    return {"points": points, "count": count}


def place_tails(names):
    """Local place names at the end of point and organiser names ("Huyện ủy
    Vũ Thư" → "Vũ Thư"): such a run elsewhere in the text is a place, not a
    person, even though "Vũ" is a surname."""
    tails = []
    for name in names:
        tail = []
        for word in reversed(name.split()):
            if not word[:1].isupper():
                break
            tail.append(word)
        if len(tail) >= 2:
            tails.append(" ".join(reversed(tail)))
    return tails


def _central_name(full, start):
    """Name of the central point: what follows "điểm cầu chính/Trung ương
    (đặt) tại", up to the verb that continues the sentence."""
    low = vietnamese.fold_lower(full[start : start + 200])
    m = re.search(r"\btai\s+", low)
    if not m or m.start() > 30:
        return None
    rest = full[start + m.end() : start + 200]
    rest_low = low[m.end() :]
    stop = None
    for m in re.finditer(r"\s(?:hoi nghi|ket noi|duoc|toi|den|voi|truyen|va)\b|[;.\n]", rest_low):
        if m.group(0)[0] in ";.\n" or rest[m.start() + 1].islower():
            stop = m
            break
    comma = re.search(r",\s*(?=[" + vietnamese.LOWER_LETTERS + r"])", rest)
    if comma and (not stop or comma.start() < stop.start()):
        stop = comma
    name = rest[: stop.start()] if stop else rest
    name = name.strip(" ,")
    return name or None
