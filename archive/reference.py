"""Reference facts the extractor needs without a database: place names,
plenum dates and the documents each plenum passed, read from the same fixture ``manage.py loaddata reference``
loads (fixtures/reference.json), so there is one source for them."""

import datetime
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from archive import vietnamese

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "reference.json"


@lru_cache(maxsize=1)
def _fixture():
    try:
        with FIXTURE.open(encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return []


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@lru_cache(maxsize=1)
def plenum_dates():
    """{(term roman, plenum number): start date} for plenums with a known date."""
    terms = {
        row["pk"]: row["fields"]["roman"] for row in _fixture() if row["model"] == "archive.term"
    }
    out = {}
    for row in _fixture():
        if row["model"] == "archive.plenum" and row["fields"]["start_date"]:
            f = row["fields"]
            out[(terms[f["term"]], f["number"])] = _date(f["start_date"])
    return out


@lru_cache(maxsize=1)
def places():
    """{folded name key: (canonical name, kind)} for every name and historical
    name of the reference places."""
    out = {}
    for row in _fixture():
        if row["model"] != "archive.place":
            continue
        f = row["fields"]
        names = [f["name"], *f["historical_names"].splitlines()]
        # "Thành phố Hồ Chí Minh" is mostly written "TP Hồ Chí Minh" or "Hồ Chí Minh".
        if f["name"].startswith("Thành phố "):
            names.append(f["name"][len("Thành phố ") :])
        for name in names:
            key = vietnamese.search_key(name)
            if key:
                out.setdefault(key, (f["name"], f["kind"]))
    return out


@lru_cache(maxsize=1)
def place_regex():
    """One regex over folded lower-case text finding any known place name."""
    alternation = vietnamese.names_alternation(places())
    return re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])")


# The administrative word a province-level place is written after, by kind:
# "tỉnh Lạng Sơn", "thành phố Hải Phòng", "TP. Hồ Chí Minh".
_OWN_LEVEL_WORDS = {"province": ("tinh ",), "city": ("thanh pho ", "tp. ", "tp ")}


def province_itself(name):
    """The canonical name of the province or centrally-run city that ``name``
    is, written alone, by another of its names or after its own level's word
    ("Hà Nội", "TP.HCM", "thành phố Hồ Chí Minh", "tỉnh Lạng Sơn"), else None.
    "Thành phố Lào Cai" is the provincial capital, not the province, and
    "Công an Thanh Hóa" is in the province, not the province."""
    key = vietnamese.search_key(name)
    found = places().get(key)
    if found is None:
        for kind, words in _OWN_LEVEL_WORDS.items():
            for word in words:
                if key.startswith(word):
                    candidate = places().get(key[len(word) :].strip())
                    if candidate and candidate[1] == kind:
                        found = candidate
    if found and found[1] in _OWN_LEVEL_WORDS:
        return found[0]
    return None


def short_place_name(name):
    """How reports name a province-level place in short: its canonical name,
    "Thành phố X" as "TP X" (the press writes "TP Hồ Chí Minh", never the
    bare "Hồ Chí Minh", which is the President's name)."""
    if name.startswith("Thành phố "):
        return "TP " + name[len("Thành phố ") :]
    return name


def find_place(text):
    """The canonical name and kind of the first known place named in ``text``,
    or (None, None)."""
    m = place_regex().search(vietnamese.fold_lower(text))
    if not m:
        return None, None
    return places()[" ".join(m.group(0).split())]


@lru_cache(maxsize=1)
def document_dates():
    """{canonical code: [issue dates]} of the reference documents with a known
    date, oldest first; a code has several when its number was used again in
    another term (27-NQ/TW of 2018 and of 2022)."""
    out = {}
    for edition in document_editions():
        if edition.issue_date:
            out.setdefault(edition.code, []).append(edition.issue_date)
    return {code: sorted(found) for code, found in out.items()}


class Edition(NamedTuple):
    """One reference document: code, issue date (or year), the plenum that passed it."""

    code: str
    year: int | None
    issue_date: datetime.date | None
    plenum: tuple | None  # (term roman, number)


@lru_cache(maxsize=1)
def document_editions():
    """Every reference document as an ``Edition``, in fixture order."""
    plenums = _plenum_keys()
    out = []
    for row in _fixture():
        if row["model"] == "archive.document":
            f = row["fields"]
            out.append(
                Edition(
                    f["code"],
                    f.get("year"),
                    _date(f.get("issue_date")),
                    plenums.get(f.get("plenum")),
                )
            )
    return out


@lru_cache(maxsize=1)
def plenum_documents():
    """{(term roman, plenum number): [Edition]} of the documents each plenum passed."""
    out = {}
    for edition in document_editions():
        if edition.plenum:
            out.setdefault(edition.plenum, []).append(edition)
    return out


@lru_cache(maxsize=1)
def _plenum_keys():
    terms = {
        row["pk"]: row["fields"]["roman"] for row in _fixture() if row["model"] == "archive.term"
    }
    return {
        row["pk"]: (terms[row["fields"]["term"]], row["fields"]["number"])
        for row in _fixture()
        if row["model"] == "archive.plenum"
    }


@lru_cache(maxsize=1)
def term_starts():
    """{term roman: first day} for the Central Committee terms: the date of the
    term's first plenum when known, else 1 January of its first year."""
    plenums = plenum_dates()
    out = {}
    for row in _fixture():
        if row["model"] == "archive.term":
            roman, year = row["fields"]["roman"], row["fields"]["start_year"]
            out[roman] = plenums.get((roman, 1)) or datetime.date(year, 1, 1)
    return out
