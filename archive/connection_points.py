"""Connection points ("điểm cầu", "đầu cầu") a report names (part of the
extractor; pure Python): the central room, each local point as written with
its place when the reference data knows it, and the count when the text gives
one ("tới 16 điểm cầu")."""

import re

from archive import communes, reference, vietnamese

_POINT = re.compile(r"(?:diem|dau) cau(?!\w)")
_POINT_COUNT_BEFORE = re.compile(
    r"(?:(?<!nam )\b\d{1,4}|\d{1,3}(?:[.,]\d{3})+|cac|nhieu|hang tram|hang nghin|hon|gan|tren|moi|nhung|tat ca)\s*$"
)
# Rooms national conferences are broadcast from, all in Hà Nội.
_NATIONAL_ROOM = re.compile(
    r"Diên Hồng|Quốc hội|Trụ sở Trung ương Đảng|Trung tâm Hội nghị Quốc gia", re.IGNORECASE
)
# "điểm cầu Trung ương" is the national point; "điểm cầu chính (tại …)" is the
# main point of whoever holds the conference, national only in a national room.
_CENTRAL = re.compile(r"^\s*(?:trung uong|tw|t\.\s?u)\b")
_MAIN = re.compile(r"^\s*chinh\b")
# Lower-case words that belong to a point's name wherever they stand
# ("thành phố", "Tỉnh ủy", "trụ sở", "hội trường").
_POINT_WORDS = set(
    "tp. uy thanh pho tinh huyen quan thi xa phuong tran phong hop hoi truong dang tp "
    "tru so dac khu".split()
)
# Lower-case words that end a name even right after a capitalised word.
_STOP_WORDS = set(
    "co du tham va la cua tai duoc voi den trong cung chu phat truyen to da se vua "
    "nhu theo thi do o ket noi gom cac nhung nay khi sau truoc len xuong tren duoi ve "
    "cho nhan de bang qua ra vao khai tu phia gui nham mot".split()
)
_NUMBERISH = re.compile(r"^\d+(?:[-/.]\d+)*$")
_SEPARATOR = re.compile(r"\s*(?:,|\s(?:va|cung)\b)\s*(?:(?:diem|dau) cau\s+)?")
_ADMIN_START = re.compile(r"(?:tinh|thanh pho|tp\.?|huyen|quan|thi xa|xa|phuong|thi tran)\s")


# Administrative levels, lowest first, by the word a name starts with.
_LEVEL = {"xa": 1, "phuong": 1, "thi tran": 1, "dac khu": 1, "huyen": 2, "quan": 2, "thi xa": 2}
_LEVEL.update({"thanh pho": 3, "tp": 3, "tp.": 3, "tinh": 4})


def _admin(name):
    low = vietnamese.fold_lower(name)
    for word in sorted(_LEVEL, key=len, reverse=True):
        if low.startswith(word + " "):
            return word
    return None


def _point_name(full, start):
    """(name, end) of the connection point written after "điểm cầu" at
    ``start``: capitalised words, the lower-case syllables that complete them
    ("Học viện Hành chính Quốc gia", "Bộ Tài chính", "Công an Thanh Hóa"),
    numbers ("Hội trường 2-9") and administrative words ("thành phố Hải
    Phòng", "Tỉnh ủy", "trụ sở Ủy ban …"); None for generic mentions ("các
    điểm cầu của tỉnh ủy")."""
    words, ends = [], []
    line_end = full.find("\n", start)
    window = full[start : min(start + 150, line_end if line_end >= 0 else len(full))]
    tokens = list(re.finditer(r"\S+", window))
    window_low = vietnamese.fold_lower(window)  # same length: slice it like ``window``
    for i, m in enumerate(tokens):
        token = m.group(0)
        # "TP." (thành phố) keeps its dot and the name goes on after it.
        word = token if token in ("TP.", "Tp.") else token.rstrip(',.;:)”"…|')
        if not word or word[0] in '(“"':
            break
        folded = window_low[m.start() : m.start() + len(word)]
        dash = word in ("-", "–", "—") and bool(words)
        after_capital = (
            bool(words)
            and words[-1][:1].isupper()
            and folded not in _STOP_WORDS
            and (word != token or i + 1 == len(tokens) or _continues(tokens[i + 1].group(0)))
            or bool(words)
            and words[-1][:1].isupper()
            and folded not in _STOP_WORDS
            and window_low[tokens[i + 1].start() : tokens[i + 1].end()] in _STOP_WORDS
        )
        if not (
            dash
            or word[0].isupper()
            or _NUMBERISH.match(word)
            or folded in _POINT_WORDS
            or (after_capital and word.isalpha())
        ):
            break
        words.append(word)
        ends.append(start + m.start() + len(word))
        if word != token or len(words) >= 10:
            break
    while words and not (words[-1][0].isupper() or _NUMBERISH.match(words[-1])):
        if vietnamese.fold_lower(words[-1]) == "uy" or _completes(words):
            break
        words.pop()
    while words and words[-1] in ("-", "–", "—"):
        words.pop()
    if not any(w[0].isupper() for w in words):
        return None, start
    return " ".join(words), ends[len(words) - 1]


def _continues(token):
    """True if ``token`` may follow a name's lower-case syllable ("Quốc gia,",
    "Hội nghị tỉnh Gia Lai", "Công an Thanh Hóa"): a capitalised word, a
    number, an administrative word or punctuation."""
    return (
        token[:1].isupper()
        or token[:1] in ",.;:()–-"
        or bool(_NUMBERISH.match(token))
        or vietnamese.fold_lower(token.rstrip(",.;:")) in _POINT_WORDS
    )


def _completes(words):
    """True when the last, lower-case word completes the capitalised one before
    it ("Quốc gia", "Tài chính", "Quốc phòng"), not a word left hanging."""
    return len(words) >= 2 and words[-2][:1].isupper()


def _point(full, name, central, where=None):
    written = name
    place = reference.find_place(name)[0] or (reference.find_place(where)[0] if where else None)
    if place is None and not central:
        place = communes.province_of(name)
    if central:
        name = re.sub(r"\s*\((?:Hà Nội|Thủ đô)\)\s*$", "", name)
        if place is None:
            place = "Hà Nội"
    itself = reference.province_itself(name)
    if itself:
        # A point that is the province itself goes by the province's short name
        # whatever the spelling ("TP.HCM", "thành phố Hồ Chí Minh", "tỉnh Lạng
        # Sơn"), so one point reported by several outlets stays one point.
        name, place = reference.short_place_name(itself), itself
    point = {"name": name, "place": place, "central": central}
    if name != written and itself:
        point["as_written"] = written
    return point


def find_connection_points(full, low):
    points, seen, count = [], [], None

    def add(point):
        # "điểm cầu Thành ủy Móng Cái" and later "điểm cầu Móng Cái" are one
        # point; "tỉnh Thanh Hóa" and "Tỉnh ủy Thanh Hóa" may be two, and so
        # may "thành phố Lào Cai" and "tỉnh Lào Cai" (compared as written).
        key = f" {vietnamese.search_key(point.get('as_written') or point['name'])} "
        if any(key in other or other in key for other in seen):
            return
        if point["central"] and point["name"] == "Trung ương":
            if any(p["central"] for p in points):
                return  # the national room already named
        elif point["central"]:
            # A bare "điểm cầu Trung ương" named before the room is the room.
            points[:] = [p for p in points if not (p["central"] and p["name"] == "Trung ương")]
        seen.append(key)
        points.append(point)

    for m in _POINT.finditer(low):
        if m.start() and low[m.start() - 1].isalnum():
            continue
        before = low[max(0, m.start() - 20) : m.start()]
        after = low[m.end() : m.end() + 200]
        counted = _POINT_COUNT_BEFORE.search(before)
        if counted:
            digits = re.search(r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*$", before)
            if digits and count is None:
                count = int(re.sub(r"[.,]", "", digits.group(1)))
            # "tại 3 điểm cầu Hà Nội, Đà Nẵng và …", "3 điểm cầu (Hà Nội và TP.HCM)"
            pos = m.end() + len(after) - len(after.lstrip(" ("))
            if not full[pos : pos + 1].isupper():
                continue
            for name, where in _listed_names(full, low, pos):
                # Only places: "63 điểm cầu Công an các địa phương" names no point.
                if vietnamese.search_key(name) in reference.places():
                    add(_point(full, name, False, where))
            continue
        if _CENTRAL.match(after) or _MAIN.match(after):
            name = _central_name(full, m.end())
            if name is None:
                if not _CENTRAL.match(after):
                    continue
                name = "Trung ương"
            central = bool(_CENTRAL.match(after) or _NATIONAL_ROOM.search(name))
            add(_point(full, name, central))
            continue
        pos = m.end() + len(after) - len(after.lstrip())
        for name, where in _listed_names(full, low, pos):
            add(_point(full, name, bool(_NATIONAL_ROOM.search(name)), where))
    return {"points": points, "count": count}


def _listed_names(full, low, pos):
    """(name, where it is or None) of the point named at ``pos`` and those
    listed after it: "Hà Nội, Đà Nẵng
    và thành phố Hồ Chí Minh", "A và điểm cầu B". A name after a comma must be
    a known place or start with an administrative word, so a person listed
    after a point is not taken for one."""
    names = []
    name, end = _point_name(full, pos)
    while name:
        names.append((name, None))
        sep = _SEPARATOR.match(low, end)
        if not sep:
            break
        nxt, nxt_end = _point_name(full, sep.end())
        if nxt and "," in low[end : sep.end()] and _is_where(full, low, name, nxt, nxt_end):
            # "xã Hà Đông, thành phố Hải Phòng", "Hội trường 2-9, Hà Nội": where
            # the point is, not another.
            names[-1] = (name, nxt)
            break
        if not nxt or not (
            reference.find_place(nxt)[0]
            and vietnamese.search_key(nxt) in reference.places()
            or _ADMIN_START.match(low, sep.end())
            or "cau" in low[end : sep.end()]
        ):
            break
        name, end = nxt, nxt_end
    return names


def _level(name):
    """Administrative level of a point's name: its first word's, a province's
    when it is one ("Hà Nội"), None for a building or an office."""
    level = _LEVEL.get(_admin(name))
    if level is None and reference.province_itself(name):
        level = _LEVEL["tinh"]
    return level


def _is_where(full, low, name, nxt, nxt_end):
    """True if ``nxt``, written after ``name`` and a comma, is where the point
    ``name`` is rather than another point: a higher level ("xã A, huyện B"),
    or the last name of the list after a building or an office that names no
    place ("Hội trường 2-9, Hà Nội."; "Bộ Tài chính, Hà Nội và Đà Nẵng" is a
    list)."""
    above, below = _level(nxt), _level(name)
    if above is None:
        return False
    if below is not None:
        return below < above
    if reference.find_place(name)[0] or communes.province_of(name):
        return False
    sep = _SEPARATOR.match(low, nxt_end)
    return not (sep and _point_name(full, sep.end())[0])


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
