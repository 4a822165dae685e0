"""Known leaders (Politburo and Secretariat, terms XI–XIV) and the positions
they held, read from fixtures/leaders.json without a database, so the
extractor can tell that "Thủ tướng Phạm Minh Chính", "đồng chí Phạm Minh
Chính, Ủy viên Bộ Chính trị, Thủ tướng Chính phủ" and "Phạm Minh Chinh"
typed without a tone mark on the last syllable are one known person, and
what that person's position was on a report's date.

``manage.py load_reference`` loads the same file into Person and Position
rows (archive/positions.py); staff then edit them in the admin.
"""

import datetime
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from archive import reference, vietnamese

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "leaders.json"

# Positions of the State follow the National Assembly, not the Party's
# terms: one without an end date runs on until the fixture says otherwise.
STATE_BODIES = {"Nhà nước", "Chính phủ", "Quốc hội"}

# How a title is written before or around a name, folded: the short forms
# reports use ("Thủ tướng", "TBT", "Chủ tịch nước") for each fixture title.
_TITLE_FORMS = {
    "Tổng Bí thư": ("tong bi thu", "tbt"),
    "Chủ tịch nước": ("chu tich nuoc",),
    "Thủ tướng Chính phủ": ("thu tuong",),
    "Chủ tịch Quốc hội": ("chu tich quoc hoi",),
    "Thường trực Ban Bí thư": ("thuong truc ban bi thu", "ttbbt"),
    "Trưởng Ban Tổ chức Trung ương": ("truong ban to chuc",),
    "Trưởng Ban Tuyên giáo Trung ương": (
        "truong ban tuyen giao trung uong",
        "truong ban tuyen giao tw",
    ),
    "Trưởng Ban Tuyên giáo và Dân vận Trung ương": ("truong ban tuyen giao va dan van",),
    "Trưởng Ban Kinh tế Trung ương": ("truong ban kinh te",),
    "Trưởng Ban Nội chính Trung ương": ("truong ban noi chinh",),
    "Trưởng Ban Dân vận Trung ương": ("truong ban dan van",),
    "Chủ nhiệm Ủy ban Kiểm tra Trung ương": ("chu nhiem uy ban kiem tra",),
    "Trưởng Ban Đối ngoại Trung ương": ("truong ban doi ngoai",),
    "Chánh Văn phòng Trung ương Đảng": ("chanh van phong trung uong",),
    "Trưởng Ban Chính sách, chiến lược Trung ương": (
        "truong ban chinh sach, chien luoc",
        "truong ban chinh sach chien luoc",
        "truong ban chinh sach",
    ),
}

# Words that go before a name but are not part of it: honorifics, ranks,
# Party membership written as a title ("Ủy viên Bộ Chính trị").
_NOT_NAME = re.compile(
    r"\b(?:dong chi|d/c|ong|ba|ngai|dai tuong|thuong tuong|gs|ts|pgs|ths"
    r"|uy vien bo chinh tri|bi thu trung uong dang|uy vien trung uong dang"
    r"|chinh phu|nuoc|trung uong|dang|quoc hoi)\b"
)


@dataclass(frozen=True)
class Position:
    title: str
    body: str
    term: str | None
    start: datetime.date | None
    end: datetime.date | None  # as the fixture says; see ``effective_end``
    sources: tuple[str, ...]

    def effective_end(self):
        """When the position ended: its end date, or for a Party position
        given for one term without an end, the first day of the next term."""
        if self.end or self.body in STATE_BODIES or not self.term:
            return self.end
        number = vietnamese.roman_to_int(self.term)
        starts = reference.term_starts()
        following = [
            start
            for roman, start in starts.items()
            if (vietnamese.roman_to_int(roman) or 0) == (number or 0) + 1
        ]
        return following[0] if following else None

    def effective_start(self):
        """When the position began: its start date, or the first day of its
        term when only the term is known."""
        if self.start or not self.term:
            return self.start
        return reference.term_starts().get(self.term)

    def held_on(self, date):
        start, end = self.effective_start(), self.effective_end()
        return (start is None or start <= date) and (end is None or date < end)


@dataclass(frozen=True)
class Leader:
    name: str
    positions: tuple[Position, ...]

    def positions_on(self, date):
        """The positions held on ``date`` (all of them when no date)."""
        if date is None:
            return list(self.positions)
        return [p for p in self.positions if p.held_on(date)]


@dataclass(frozen=True)
class LeaderMatch:
    leader: Leader
    # The fixture title held on the report's date that the text names (or,
    # when the text names none, any held on that date); None when the person
    # held none of them then or the date is unknown and titles are ambiguous.
    position: Position | None

    @property
    def name(self):
        return self.leader.name


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@lru_cache(maxsize=1)
def leaders():
    """Every known leader, in the fixture's order."""
    try:
        with FIXTURE.open(encoding="utf-8") as f:
            rows = json.load(f)["leaders"]
    except (OSError, ValueError, KeyError):
        return ()
    out = []
    for row in rows:
        positions = tuple(
            Position(
                title=p["title"],
                body=p.get("body", ""),
                term=p.get("term"),
                start=_date(p.get("start")),
                end=_date(p.get("end")),
                sources=tuple(p.get("sources") or ()),
            )
            for p in row.get("positions") or ()
        )
        out.append(Leader(name=vietnamese.normalize(row["name"]).strip(), positions=positions))
    return tuple(out)


@lru_cache(maxsize=1)
def _by_key():
    return {vietnamese.search_key(leader.name): leader for leader in leaders()}


@lru_cache(maxsize=1)
def _name_regex():
    alternation = vietnamese.names_alternation(_by_key())
    return re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")


def _titles_in(low):
    """Fixture titles whose written forms occur in folded text ``low``."""
    return {
        title
        for title, forms in _TITLE_FORMS.items()
        if any(re.search(rf"(?<![\w]){re.escape(f)}(?![\w])", low) for f in forms)
    }


def match_leader(name, date=None, position=None):
    """The known leader that ``name`` designates, or None.

    ``name`` may carry titles glued before or after it ("Tổng Bí thư Tô Lâm",
    "đồng chí Phạm Minh Chính, Ủy viên Bộ Chính trị, Thủ tướng Chính phủ");
    ``position`` is the position written with it in the report, ``date`` the
    report's date (a ``datetime.date`` or "YYYY-MM-DD"). The match carries the
    fixture position held on that date that the written titles name."""
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date)
        except ValueError:
            date = None
    text = vietnamese.normalize(name or "").strip()
    if not text:
        return None
    low = vietnamese.fold_lower(text)
    leader = _by_key().get(" ".join(low.split()))
    if leader is None:
        found = {" ".join(m.group(0).split()) for m in _name_regex().finditer(low)}
        if len(found) != 1:
            return None
        key = found.pop()
        # What is left beside the name must read as titles, not as more of a
        # name ("Phạm Minh Chính Hải" is someone else).
        rest = low.replace(key, " ", 1)
        for forms in _TITLE_FORMS.values():
            for form in forms:
                rest = re.sub(rf"(?<![\w]){re.escape(form)}(?![\w])", " ", rest)
        rest = _NOT_NAME.sub(" ", rest)
        if re.search(r"[^\W\d_]", rest.replace(",", " ").replace("-", " ")):
            return None
        leader = _by_key()[key]
    written = _titles_in(" ".join([low, vietnamese.fold_lower(position or "")]))
    held = leader.positions_on(date) if date else []
    named = [p for p in held if p.title in written]
    if named:
        return LeaderMatch(leader, named[0])
    if held and not written:
        return LeaderMatch(leader, held[0])
    return LeaderMatch(leader, None)


def holders(title, date):
    """The leaders who held ``title`` (a fixture title or a short form such as
    "Thủ tướng", "TBT") on ``date``."""
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    wanted = _titles_in(vietnamese.fold_lower(vietnamese.normalize(title)))
    wanted.add(vietnamese.normalize(title).strip())
    return [
        leader
        for leader in leaders()
        if any(p.title in wanted and p.held_on(date) for p in leader.positions)
    ]


def annotate(people, date):
    """Give each extracted person (a dict with ``name`` and ``position`` as
    written) ``known_as``: the known leader's name, and ``known_position``:
    the fixture title they held on ``date`` — both None for anyone else.
    A namesake is not taken for a leader: the written position, when there
    is one, must name one of the leader's titles or their Party rank."""
    for person in people:
        match = match_leader(person["name"], date, person.get("position"))
        written = vietnamese.fold_lower(person.get("position") or "")
        if match is not None and written and not _vouches(match, written):
            match = None
        person["known_as"] = match.name if match else None
        person["known_position"] = match.position.title if match and match.position else None
    return people


_RANKS = re.compile(r"uy vien bo chinh tri|bi thu trung uong|thuong truc ban bi thu|dai tuong")


def _vouches(match, written):
    """Whether the position written with a name fits the known leader."""
    if _RANKS.search(written):
        return True
    titles = {p.title for p in match.leader.positions}
    return bool(_titles_in(written) & titles)


def year_from_positions(people, iso, published=None):
    """A better year for an inferred date ``iso`` ("YYYY-MM-DD"), from the
    titles written with known leaders: (iso, basis) for the first year, from
    the inferred one on, in which every leader written with one of their
    titles held it that day, or None when the inferred year already fits, no
    leader's title is written, or no year fits before ``published`` (or
    today). A title written "nguyên …" (former) says nothing of the day."""
    day = datetime.date.fromisoformat(iso)
    checks = []
    for person in people:
        written = vietnamese.fold_lower(person.get("position") or "")
        if not written or re.search(r"(?<![\w])nguyen(?![\w])", written):
            continue
        match = match_leader(person["name"], None, person.get("position"))
        if match is None:
            continue
        titles = _titles_in(written) & {p.title for p in match.leader.positions}
        if titles:
            checks.append((match.leader, titles))
    if not checks:
        return None

    def fits(date):
        return all(
            any(p.title in titles and p.held_on(date) for p in leader.positions)
            for leader, titles in checks
        )

    if fits(day):
        return None
    last = published[:4] if published else str(datetime.date.today().year)
    for year in range(day.year + 1, int(last) + 1):
        try:
            candidate = day.replace(year=year)
        except ValueError:  # 29 February
            continue
        if fits(candidate):
            named = ", ".join(
                f"{leader.name} ({' / '.join(sorted(titles))})" for leader, titles in checks
            )
            return candidate.isoformat(), f"chức vụ khi đó của {named}"[:200]
    return None
