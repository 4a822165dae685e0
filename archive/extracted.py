"""The shape of what the extractor gives (``archive.extract.extract``): one
typed contract for the importer, re-extraction, the upload form and
``manage.py extract_report`` (which prints it as JSON, key for key).

TypedDicts rather than dataclasses: the result is plain data that goes to JSON
as it is, and callers that re-apply part of it (re-extraction keeps only the
relations a report lacks) pass a dict with fewer relations.
"""

from typing import Literal, NotRequired, TypedDict

Precision = Literal["exact", "inferred", "unknown"]
Format = Literal["online", "in_person", "hybrid"]
Level = Literal["grassroots", "district", "province", "central"]
SpeakingRole = Literal["chair", "speaker"]


class DocumentRef(TypedDict):
    code: str  # canonical, "26-NQ/TW" (archive.codes)
    type: str
    number: str
    issuer: str
    subject: str | None
    date: str | None  # issue date written with the citation, "YYYY-MM-DD"
    plenum: "PlenumRef | None"  # the plenum that passed it, when written next to it


class PlenumRef(TypedDict):
    number: int
    term: str | None  # roman, "XII"


class Speaker(TypedDict):
    name: str
    position: str | None  # as written in this report
    topic: str | None
    role: SpeakingRole
    # The known leader (fixtures/leaders.json) this is, and the title they
    # held on the report's date (archive.leaders.annotate); None otherwise.
    known_as: NotRequired[str | None]
    known_position: NotRequired[str | None]


class Attendee(TypedDict):
    name: str
    position: str | None
    known_as: NotRequired[str | None]
    known_position: NotRequired[str | None]


class ConnectionPointRef(TypedDict):
    name: str  # as written; a province itself by its short name ("TP Hồ Chí Minh")
    place: str | None  # the reference place it is in, when known
    central: bool  # the national point ("điểm cầu Trung ương", Diên Hồng)
    as_written: NotRequired[str]  # as written, when the name is the province's ("TP.HCM")


class Extraction(TypedDict):
    title: str
    event_date: str | None  # "YYYY-MM-DD"
    date_precision: Precision
    date_basis: str | None  # what an inferred year comes from, in Vietnamese
    documents: list[DocumentRef]
    plenums: list[PlenumRef]
    speakers: list[Speaker]  # chairs and speakers, by role
    attendees: list[Attendee]
    connection_points: list[ConnectionPointRef]
    connection_point_count: int | None  # "tới 63 điểm cầu"
    author: str | None
    author_office: str | None
    format: Format | None
    organiser: str | None
    level: Level | None
    place: str | None  # the report's locality
    subject_documents: list[str]  # codes of the documents the report is about
    subject_plenums: list[PlenumRef]
    published: str | None  # the page's publication stamp, ISO
    photo_captions: list[str]
    source_outlet: str | None
    body: str
