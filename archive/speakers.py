"""People in a report: speakers and chairs, kept apart from attendees.

Part of the extractor (pure Python). A name is a run of 2–4 capitalised
syllables starting with a Vietnamese surname; "đồng chí", "Ông", "Bà" are
not part of it. Its role comes from the verb that follows it ("truyền đạt",
"phát biểu", "chủ trì", "dự"), from the lead phrase before it ("Phát biểu
chỉ đạo hội nghị, … Trần Quốc Vượng"), or from an attendee list ("Dự … có
các đồng chí: A, position; B, position"). Positions are kept as written,
whether before the name ("Thường trực Ban Bí thư Trần Quốc Vượng") or
after it ("Võ Văn Thưởng, Ủy viên Bộ Chính trị, Chủ tịch nước").
"""

import re

from archive import reference, vietnamese

_UP, _LO = vietnamese.UPPER_LETTERS, vietnamese.LOWER_LETTERS
# Starts with a character class (not a lookbehind) so the regex engine can
# skip ahead fast; the character before a run is checked in code.
# "Giàng A Páo", "Hầu A Lềnh": a one-letter middle syllable between two others.
_RUN = re.compile(rf"[{_UP}][{_LO}]+(?: (?:[{_UP}][{_LO}]+|[AY](?= [{_UP}])))+(?!\w)")

_SURNAMES = {
    vietnamese.normalize(s).lower()
    for s in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lí Đào Đoàn "
        "Vương Trịnh Trương Lâm Phùng Mai Tô Hà Tạ Cao Lương Đinh Lưu Thái Chu Châu Quách Thào "
        "Giàng Lò Sùng Vàng Hầu Lục Nông Triệu Đàm Khổng Kiều La Lại Thân Tăng Từ Âu Kim Khúc "
        "Quan Hứa Tống Mạc Ninh Lộc Bế Tòng Quàng Cầm Điêu Lường Đèo Bạch Diệp Giáp Lã Nghiêm "
        "Tiêu Ưng Vi Biện Cù Doãn Hàn Kha Lạc Mã Nhữ Quản Thạch Trang Mùa Lầu Vừ Hờ Ma Ksor "
        "Nay Rơ Đồng Văn Y Lê"
    ).split()
} - {"đồng", "văn", "y", "nay", "rơ"}
_SURNAMES_FOLDED = {vietnamese.fold(s) for s in _SURNAMES}

_VERBS = (
    r"phat bieu|chi dao|truyen dat|gioi thieu|quan triet|thong bao|ket luan|trinh bay|bao cao"
    r"|be mac|khai mac|nhan manh|yeu cau|de nghi|khang dinh|luu y|neu ro|cho biet|dieu hanh"
    r"|trien khai|phat dong|tong ket|giai dap|huong dan|chia se|bieu duong|phan tich|quan triet"
    r"|cam on|chuc mung|ghi nhan|cho rang|de xuat|dong gop|pho bien|thong tin|doc dien van"
    r"|doc bao cao|quan triet|thong qua"
)
_TOPIC_VERBS = {
    "truyen dat",
    "gioi thieu",
    "quan triet",
    "thong bao",
    "trinh bay",
    "bao cao",
    "trien khai",
    "giai dap",
    "huong dan",
    "pho bien",
    "thong tin",
    "doc bao cao",
}
_ADVERBS = r"(?:(?:cung|da|se|con|van|dong thoi|tiep tuc|truc tiep|da co)\s+)*"
_ATTEND_AND = r"(?:(?:den |tham )?du(?:,| va| va truc tiep)?\s+)?"
_CHAIR = re.compile(r"\s*" + _ADVERBS + _ATTEND_AND + r"(?:dong\s+)?chu tri\b")
_SPEAK = re.compile(r"\s*" + _ADVERBS + _ATTEND_AND + r"(?P<verb>" + _VERBS + r")\b")
_ATTEND = re.compile(r"\s*(?:cung\s+[^.;:]{0,60}?\s)?(?:den |cung |tham |da )?du\b")
# Where a position written after a name ends: the verb, a parenthesis, ";".
_POSITION_STOP = re.compile(
    r"\s(?:"
    + _VERBS
    + r"|(?:dong\s+)?chu tri|(?:den |cung |tham )?du|cung|da|se|tai|va(?=\s+[a-z]))\b"
    r"|[(;:]"
)
_HONORIFIC = re.compile(r"(?<!\w)(?:dong chi|d/c|ong|ba|ngai)\s+$")
_NOT_BEFORE_NAME = re.compile(
    r"(?:tinh|thanh pho|tp\.?|huyen|quan|thi xa|xa|phuong|thi tran|cau|thu do|tu tuong|duong"
    r"|pho)\s+$"
)
_POSITION_HEADS = re.compile(
    r"(?:uy vien|bi thu|pho |truong|chu tich|tong bi thu|thu tuong|bo truong|thu truong"
    r"|giam doc|thuong truc|chu nhiem|chanh|dai tuong|thuong tuong|trung tuong|thieu tuong"
    r"|dai ta|thuong ta|tro ly|cuc truong|vu truong|tinh uy vien|thanh uy vien|huyen uy vien"
    r"|dang uy vien|nguyen |quyen |dai bieu|tong cuc truong|tong giam doc|thu ky|chinh uy"
    r"|tu lenh|hieu truong|vien truong|dai su|chi huy|tong thu ky|tong bien tap|ttbbt|bt |pbt"
    r"|bao cao vien|thanh vien|can bo|chuyen vien)"
)
_QUOTING = re.compile(r"(?<!\w)(?:nhu|theo|loi)\s+(?:[^,;.]{0,50}\s)?$")
_LEAD_SPEECH = re.compile(
    r"\s*(?:phat bieu|ket luan|chi dao|thay mat|be mac|khai mac|trinh bay|thong bao|bao cao|tai hoi nghi)"
)
_ATTEND_TRIGGER = re.compile(
    r"(?<![\w])(?:co|gom)\b\s*(?:su tham du cua\s+)?(?:cac\s+)?(?:(?:dong chi|ong|ba|vi|dai bieu)\b)?\s*:?\s*"
)
_ATTEND_CONTEXT = re.compile(r"\bdu\b|\bphia\b|\b(?:diem|dau) cau\b|\bchu tri\b")
_SENTENCE_END = re.compile(r"[.!?…]\s+(?=\S)")
_CHAIR_IS = re.compile(r"\s*(?:dong\s+)?chu tri\b[^,.;:]{0,80}\s(?:la|co)\s*$")
# A name that opens its clause (after ";" or ":"), with a rank or "đồng chí" at most.
_CLAUSE_OPENING = re.compile(
    r"(?:^|[;:]\s*)(?:(?:dai|thuong|trung|thieu) (?:tuong|ta|uy)\s+|dong chi\s+|ong\s+|ba\s+)?$"
)
_ABBREVIATION_END = re.compile(r"(?<!\w)(?:tp|ths|ts|pgs|gs)\.$", re.IGNORECASE)


def find_people(full, low, place_names=()):
    """{"speakers": [{name, position, topic, role}], "attendees": [{name,
    position}]} for the text ``full`` and its ``fold_lower`` form ``low``.
    ``place_names`` are local names known to be places in this text (from
    its connection points: "Huyện ủy Mai Sơn"), never taken for people."""
    places = {_key(name) for name in place_names}
    people = {}
    order = 0
    for start, end in _sentences(full):
        trigger = _ATTEND_TRIGGER.search(low, start, end)
        list_start = end
        if (
            trigger
            and trigger.group(0).strip()
            and _ATTEND_CONTEXT.search(low, start, trigger.start())
        ):
            if (
                ":" in trigger.group(0)
                or re.search(r"dong chi|ong|ba|vi|dai bieu", trigger.group(0))
                # "có Chủ tịch nước Lương Cường, Thủ tướng …": titles, then names
                or (
                    _POSITION_HEADS.match(low, trigger.end())
                    # "có các ủy viên Bộ Chính trị: Chủ tịch nước A, …"
                    and (
                        full[trigger.end()].isupper()
                        or ":" in low[trigger.end() : trigger.end() + 80]
                    )
                )
            ):
                role = "chair" if "chu tri" in low[start : trigger.start()] else "attendee"
                list_start = trigger.end()
                # "có các đồng chí Ủy viên Bộ Chính trị: A, position; B, …": the
                # words before the colon belong to every position in the list.
                shared = None
                colon = full.find(":", list_start, min(end, list_start + 80))
                if colon > list_start and full.find(";", list_start, colon) < 0:
                    shared = full[list_start:colon].strip()
                    named = any(_split_name(r.group(0), places) for r in _NAMEISH.finditer(shared))
                    if named or not (
                        shared[:1].isupper() and _POSITION_HEADS.match(low, list_start)
                    ):
                        shared = None
                    if not named:
                        list_start = colon + 1
                for name, position, own_role in _parse_list(full[list_start:end], places):
                    order += 1
                    if shared:
                        position = f"{shared}, {position}" if position else shared
                    _add(people, name, position, None, own_role or role, order)
        # A run inside the position written after a name ("Bùi Quốc Sơn, Phó Bí
        # thư Huyện ủy Mai Sơn") is a place, not another person.
        consumed = start
        listed, attending = [], False
        for m in _runs(full, start, list_start):
            if m.start() < consumed:
                continue
            if m.start() and (full[m.start() - 1].isalnum() or full[m.start() - 1] == "."):
                continue
            found, consumed = _mention(full, low, start, list_start, m, places)
            if found:
                order += 1
                if found[3] == "listed":
                    listed.append((found, order))
                    continue
                attending = attending or found[3] == "attendee"
                _add(people, *found, order)
        if listed and (attending or re.search(r"\bdu\b", low[consumed:list_start])):
            for (name, position, topic, _), at in listed:
                _add(people, name, position, topic, "attendee", at)
    speakers, attendees = [], []
    for person in sorted(people.values(), key=lambda p: p["order"]):
        position = person["position"] or None
        if person["role"] == "attendee":
            attendees.append({"name": person["name"], "position": position})
        else:
            speakers.append(
                {
                    "name": person["name"],
                    "position": position,
                    "topic": person["topic"] or None,
                    "role": person["role"],
                }
            )
    return {"speakers": speakers, "attendees": attendees}


_ETHNIC_RUN = re.compile(
    rf"(?:(?<=chí )|(?<=[Ôô]ng )|(?<=[Bb]à ))(?:Y|A) [{_UP}][{_LO}]+(?: [{_UP}][{_LO}]+)*"
)


def _runs(full, start, end):
    """Capitalised runs in order, and "Y Thông", "A Ten" after "đồng chí"."""
    runs = list(_RUN.finditer(full, start, end))
    if full.find(" A ", start, end) < 0 and full.find(" Y ", start, end) < 0:
        return runs
    ethnic = list(_ETHNIC_RUN.finditer(full, start, end))
    if not ethnic:
        return runs
    covered = {m.start() for m in runs}
    runs += [m for m in ethnic if m.start() + 2 not in covered]
    return sorted(runs, key=lambda m: m.start())


def _sentences(full):
    """(start, end) offsets of the sentences of each line."""
    pos = 0
    for line in full.split("\n"):
        start = pos
        for m in _SENTENCE_END.finditer(line):
            if _ABBREVIATION_END.search(line, max(0, m.start() - 5), m.start() + 1):
                continue
            yield start, pos + m.start() + 1
            start = pos + m.end()
        yield start, pos + len(line)
        pos += len(line) + 1


def _key(name):
    """Folded comparison key of an already normalised name (cheaper than
    ``vietnamese.search_key``, same result on NFC text)."""
    return " ".join(vietnamese.fold_lower(name).split())


_RANK = {"chair": 3, "speaker": 2, "attendee": 1}


def _add(people, name, position, topic, role, order):
    key = _key(name)
    person = people.get(key)
    if person is None:
        people[key] = {
            "name": name,
            "position": position,
            "topic": topic,
            "role": role,
            "order": order,
        }
        return
    if position and len(position) > len(person["position"] or ""):
        person["position"] = position
    if topic and not person["topic"]:
        person["topic"] = topic
    if _RANK[role] > _RANK[person["role"]]:
        person["role"] = role


def _is_surname(token):
    lower = token.lower()
    if lower in _SURNAMES:
        return True
    return token.isascii() and lower in _SURNAMES_FOLDED


def _split_name(run, places=frozenset()):
    """The personal name inside a capitalised run ("Tỉnh ủy" is not in the run,
    but "Hải Phòng Lê Tiến Châu" is): (offset in run, name) or None."""
    tokens = run.split(" ")
    if tokens[0] in ("Y", "A") and _ETHNIC_NAME.fullmatch(run) and 2 <= len(tokens) <= 4:
        return 0, run
    offset = 0
    for i, token in enumerate(tokens):
        if _is_surname(token) and 2 <= len(tokens) - i <= 4:
            name = " ".join(tokens[i:])
            if _key(name) in reference.places() or _key(name) in places:
                return None
            return offset, name
        offset += len(token) + 1
    return None


def _mention(full, low, s_start, s_end, m, places):
    """((name, position, topic, role) or None, end of the name and the
    position written after it) for one capitalised run."""
    split = _split_name(m.group(0), places)
    if split is None:
        return None, m.start()
    offset, name = split
    n_start, n_end = m.start() + offset, m.start() + offset + len(name)
    before = low[max(s_start, n_start - 40) : n_start]
    if _NOT_BEFORE_NAME.search(before):
        return None, n_end
    honorific = _HONORIFIC.search(before)
    pre_end = n_start - (len(honorific.group(0)) if honorific else 0)
    position = _position_before(full, low, s_start, pre_end)

    post_position, after = _position_after(full, low, n_end, s_end)
    position = post_position or position
    role, verb_end, verb = _role(low, after, s_end)
    if role is None:
        lead = _LEAD_SPEECH.match(low, s_start, n_start)
        comma = full.find(",", s_start, n_start)
        first_name = not any(
            _split_name(r.group(0), places) for r in _RUN.finditer(full, s_start, pre_end)
        )
        if lead and comma >= 0 and first_name:
            role = "speaker"
        elif re.search(r"\bnghe\s+$", low[s_start:pre_end]) or re.search(
            r"\bdo\s+$", low[s_start:pre_end]
        ):
            role = "speaker"
    if role == "speaker" and _QUOTING.search(low, max(s_start, pre_end - 60), pre_end):
        # "Như Tổng Bí thư Nguyễn Phú Trọng đã nhấn mạnh, …" cites earlier words.
        role = None
    if role is None and _CHAIR_IS.match(low, s_start, pre_end):
        role = "chair"  # "Chủ trì hội nghị (và …) là đồng chí A"
    if role is None and post_position and _CLAUSE_OPENING.search(low, s_start, pre_end):
        # "…: A, Chủ tịch nước; B, Thủ tướng; C, … dự hội nghị": a list item
        # without its verb; the caller gives it the role of the list.
        role = "listed"
    if role is None:
        return None, after
    topic = _topic(full, low, verb_end, s_end) if verb in _TOPIC_VERBS else None
    return (name, position, topic, role), after


def _position_before(full, low, s_start, end):
    """Position written right before a name: the trailing comma-separated
    segments that start like a title ("Ủy viên Bộ Chính trị, Trưởng Ban …")."""
    window_start = s_start
    for m in re.finditer(r"\bnghe\b|\bdo\b|[;:]|\bdong chi\b", low[s_start:end]):
        window_start = s_start + m.end()
    segments = full[window_start:end].split(",")
    kept = []
    for segment in reversed(segments):
        text = segment.strip()
        if not text and not kept:
            continue
        seg_low = vietnamese.fold_lower(text)
        if text[:1].isupper() and _POSITION_HEADS.match(seg_low):
            kept.append(text)
            continue
        # "Phát biểu tại hội nghị, Phó Bí thư …" or "… kết luận Bí thư Tỉnh ủy"
        inner = re.search(r"\s(" + _POSITION_HEADS.pattern + r")", seg_low)
        if not kept and inner and text[inner.start(1)].isupper():
            kept.append(text[inner.start(1) :])
        break
    return ", ".join(reversed(kept)) or None


_POSITION_SEP = re.compile(r"\s*(?:,|\s[-–—]|[-–—](?=\s))\s*")


def _position_after(full, low, n_end, s_end):
    """(position, offset where the predicate starts) for ", position" after a name."""
    m = _POSITION_SEP.match(low, n_end, s_end)
    if not m or not full[m.end() : m.end() + 1].isupper():
        return None, n_end
    start = m.end()
    stop = s_end
    for s in _POSITION_STOP.finditer(low, start, s_end):
        ch = full[s.start() + (1 if full[s.start()].isspace() else 0)]
        if low.startswith(" va", s.start()):
            # "và Xã hội" is part of a ministry's name; "và toàn thể cán bộ" is not.
            ch = full[s.end() + 1 : s.end() + 2] or "x"
        if ch in "(;:" or ch.islower():
            stop = s.start()
            break
    position = full[start:stop].strip(" ,.…")
    if not position:
        return None, n_end
    return position, stop


_ROLE_SKIP = re.compile(r"^\s*(?:\([^)]*\)\s*)?,?")


def _role(low, start, end):
    """(role, end of the verb, verb) from the words at ``start``."""
    rest = _ROLE_SKIP.sub("", low[start : min(end, start + 120)], count=1)
    skipped = min(end, start + 120) - start - len(rest)
    pos = start + skipped
    m = _CHAIR.match(low, pos, end)
    if m:
        return "chair", m.end(), "chu tri"
    m = _SPEAK.match(low, pos, end)
    if m:
        return "speaker", m.end(), m.group("verb")
    m = _ATTEND.match(low, pos, end)
    if m:
        return "attendee", m.end(), None
    return None, start, None


_TOPIC_SKIP = re.compile(
    r"\s*(?:(?:,|va)\s*(?:" + _VERBS + r")\b|nhanh\b|tom tat\b|tai hoi nghi\b|chuyen de\b"
    r"|noi dung\b|ve\b|:)\s*"
)


def _topic(full, low, start, end):
    pos = start
    while True:
        m = _TOPIC_SKIP.match(low, pos, end)
        if not m or m.end() == pos:
            break
        pos = m.end()
    stop = low.find(";", pos, end)
    topic = full[pos : stop if stop >= 0 else end].strip(" .,:;…")
    if topic[:1] in '“"' and topic[-1:] in '”"' and topic.count("“") <= 1:
        topic = topic[1:-1].strip()
    if len(topic) < 4 or vietnamese.fold_lower(topic).startswith(("hoi nghi", "tai ")):
        return None
    return topic[:400]


# Items are separated by ";" or ","; "và" also separates when a name (or
# "đồng chí" + name) follows: "A, Bí thư và đồng chí B, Chủ tịch". A name and its
# position may also be joined by a dash: "A - Bí thư", "A- Bí thư", "A -Bí thư".
_LIST_SPLIT = re.compile(
    r",|:|\s+[-–—]\s*|\s*[-–—]\s+|(?<=[" + _LO + r"])[-–](?=(?:Phó|Bí|Chủ|Ủy|Uỷ|Trưởng|Giám"
    r"|Tỉnh|Thành|Huyện|Thường|Tổng|Thứ|Bộ)\b)|\s+và\s+(?=(?:các\s+)?(?:đồng chí\s+|ông\s+|bà\s+)?["
    + _UP
    + "])"
)
_LIST_HONORIFIC = re.compile(
    r"^(?:(?:các|cùng|và)\s+)*(?:đồng chí|Đồng chí|đ/c|Đ/c|Ông|ông|Bà|bà)\s+"
)
# Degrees and ranks written before a name: "TS. Đặng Văn A", "PGS.TS Lê B", "Đại tá C".
_NAME_PREFIX = re.compile(
    r"^(?:(?:GS|PGS|TS|TSKH|ThS|BS|BSCKI|BSCKII|KS|NGƯT|NGND|NSND|NSƯT|Nhà thơ|Nhà văn)\.?\s*)+"
    r"|^(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy)\s+",
)
_ITEM_VERB = re.compile(
    r"\s(?:(?:đã|cùng|sẽ|đồng)\s+)*(?:chủ trì|phát biểu|truyền đạt|quán triệt|trình bày"
    r"|báo cáo|thông báo|giới thiệu|phổ biến|dự|tham dự|đến dự)(?!\w)"
)


def _parse_list(text, places=frozenset()):
    """(name, position, role or None) for the items of an attendee list:
    "A, position; B - position và C, position" and "Chủ tịch nước A, Thủ tướng
    B" (titles before the names). An item ending "… chủ trì hội nghị" gives
    its person that role."""
    out = []
    for item in re.split(r";|\s+cùng\s+(?=các\s)", text):
        person, pending, role = None, [], None
        segments = _LIST_SPLIT.split(item)
        for k, segment in enumerate(segments):
            seg = _LIST_HONORIFIC.sub("", segment.strip()).strip(" .…")
            seg = _NAME_PREFIX.sub("", re.sub(r"^(?:các|cùng)\s+", "", seg))
            verb = _ITEM_VERB.search(" " + seg)
            if verb and person is not None:
                # "…, Bí thư Tỉnh ủy chủ trì hội nghị": the position ends there.
                said = vietnamese.fold_lower(verb.group(0)).split()[-1]
                role = {"tri": "chair", "du": None}.get(said, "speaker")
                seg = seg[: max(verb.start() - 1, 0)].strip()
            if not seg:
                if verb:
                    break
                continue
            if (_is_name(seg) or _unlisted_name(seg, segments[k + 1 : k + 2])) and _key(
                seg
            ) not in places:
                if person:
                    out.append((*person, None))
                person = [seg, list(pending)]
                pending = []
            elif (tail := _trailing_name(seg, places)) is not None:
                if person:
                    out.append((*person, None))
                prefix = seg[: len(seg) - len(tail)].strip()
                person = [tail, [*pending, prefix] if prefix else list(pending)]
                pending = []
            elif person is not None and re.match(r"(?:và\s+|cùng\s+)?các\s", segment.strip()):
                break  # "… và các đồng chí Ủy viên Bộ Chính trị": a group, not the position
            elif person is None:
                if seg[:1].isupper() or _POSITION_HEADS.match(vietnamese.fold_lower(seg)):
                    pending.append(re.sub(r"^(?:các|cùng)\s+", "", seg))
                    continue
                break
            else:
                cut = re.search(r"\s+và\s+(?=[" + _LO + r"])|\s+\(", seg)
                if cut:
                    seg = seg[: cut.start()]
                if seg[:1].isupper():
                    person[1].append(seg)
                if cut or not seg[:1].isupper():
                    break
            if verb:
                break
        if person:
            out.append((*person, role))
    return [(name, ", ".join(parts) or None, role) for name, parts, role in out]


def _unlisted_name(seg, following):
    """A list item's name whose surname we do not list ("Rah Lan Chung",
    "Ksor Phước"): capitalised syllables right before a position."""
    tokens = seg.split()
    return (
        2 <= len(tokens) <= 4
        and bool(_RUN.fullmatch(seg))
        and bool(following)
        and bool(_POSITION_HEADS.match(vietnamese.fold_lower(following[0].strip())))
        and _key(seg) not in reference.places()
        and not _POSITION_HEADS.match(_key(seg))
    )


def _trailing_name(seg, places):
    """The name at the end of "Thủ tướng Chính phủ Phạm Minh Chính" when what
    comes before it reads like a title, else None."""
    m = _RUN_END.search(seg)
    if not m:
        return None
    split = _split_name(m.group(0), places)
    if split is None:
        return None
    name = m.group(0)[split[0] :]
    prefix = seg[: len(seg) - len(name)].strip()
    if not prefix or not _POSITION_HEADS.match(vietnamese.fold_lower(prefix)):
        return None
    return name


_NAMEISH = re.compile(rf"[{_UP}][{_LO}]+(?: (?:[{_UP}][{_LO}]+|A|Y))+(?!\w)")
_RUN_END = re.compile(rf"[{_UP}][{_LO}]*(?: (?:[{_UP}][{_LO}]+|A|Y))*(?: [{_UP}][{_LO}]+)$")


def _is_name(text):
    tokens = text.split()
    if not 2 <= len(tokens) <= 4 or _key(text) in reference.places():
        return False
    if _RUN.fullmatch(text):
        return _is_surname(tokens[0])
    # Names of the Central Highlands: "Y Thông", "Y Vinh Tơr", "A Ten", "Hầu A Lềnh".
    return bool(_ETHNIC_NAME.fullmatch(text))


_ETHNIC_NAME = re.compile(rf"(?:(?:Y|A|[{_UP}][{_LO}]+) )+[{_UP}][{_LO}]+")
