"""Synthetic reports for the benchmark, recombined from the seed reports.

``generate_reports(n, seed)`` yields ``n`` report texts of 600–1,500 words. Each one
is built like a real one (title, sometimes a publication line, a lead with the date,
organiser and format, leaders present, speakers and what they presented, photo
captions, body paragraphs, a byline, page junk), and its facts are drawn from
tables in ``bench/corpus_tables.py``: dates 2010–2026, documents of every type
and issuer, plenums of terms X–XIV, the 63 provinces (the 34 names after the
2025 mergers for later dates), speakers, attendees and connection points.

The running prose comes from the seed reports' own sentences (read at run time from
``../shared/seeds``), whole or recombined clause by clause, so the vocabulary is
as small and repetitive as in real reports: the worst case for an inverted index.

Report ``i`` depends only on ``(seed, i)``, so a corpus of 500 is the first 500
reports of a corpus of 50,000. ``generate_corpus`` also yields the facts each text
was built from, so the benchmark can check what the extractor found.
"""

import datetime
import hashlib
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from archive import codes, vietnamese
from bench import corpus_catalogue as C
from bench import corpus_tables as T

DEFAULT_SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
MIN_WORDS, MAX_WORDS = 600, 1500


class SeedsMissing(Exception):
    """The seed reports the corpus is recombined from cannot be read."""


@dataclass
class GeneratedReport:
    index: int
    text: str
    facts: dict = field(default_factory=dict)


# Facts in the seeds' sentences that a generated report replaces with its own:
# "{P}" a plenum, "{C}" a congress, "{Y}" a year.
_TEMPLATES = [
    (
        re.compile(
            r"(?:Hội nghị )?(?:Trung ương|lần thứ) \w+(?: Ban Chấp hành Trung ương Đảng)? "
            r"\(?[Kk]ho[áa] [XVI]+\)?"
        ),
        "{P}",
    ),
    (re.compile(r"(Đại hội(?: đại biểu toàn quốc lần thứ)?) [XVI]+\b"), r"\1 {C}"),
    (re.compile(r"\b20[12]\d\b(?!\s*[-–])"), "{Y}"),
]
# Facts that cannot be replaced (a date, a person, a connection point, a code) would
# contradict the report's own: leave those sentences out.
_FACT_RE = re.compile(
    r"\d{1,2}\s*[/.-]\s*\d{1,2}|^(Ngày|Sáng|Chiều|Tối|Từ ngày)\b|điểm c[ầẩ]u|đầu cầu|"
    r"đồng chí|có các|BHG|\b(" + "|".join(T.SURNAMES_FILTER) + r") [A-ZĐ]|"
    r"\d+\s*[-–]\s*[A-ZĐ]{2}|[Kk]ho[áa]\s+[XVI]|Trung ương \d|lần thứ|Đại hội [XVI]|"
    r"(số|Quy định|Hướng dẫn|Nghị quyết|Chỉ thị|Kết luận) \d|\b(19|20)\d\d\b|tháng \d",
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…;])\s+(?=[A-ZĐÀ-Ỹ\"“])")
_CLAUSE_SPLIT = re.compile(r",\s+|;\s+")


@dataclass
class Material:
    sentences: list
    clauses: list


def load_material(seeds_dir=None):
    """Prose sentences and clauses of the seed reports, without their facts."""
    seeds_dir = Path(seeds_dir or DEFAULT_SEEDS_DIR)
    paths = sorted(seeds_dir.glob("*.txt")) if seeds_dir.is_dir() else []
    if not paths:
        raise SeedsMissing(
            f"Không tìm thấy các bài gốc (*.txt) trong {seeds_dir}: bộ sinh dữ liệu thử cần "
            "thư mục ../shared/seeds cạnh mã nguồn, hoặc chỉ rõ bằng --seeds."
        )
    sentences = []
    for path in paths:
        text = vietnamese.normalize(path.read_text(encoding="utf-8-sig"))
        for line in text.splitlines()[1:]:  # the first line is the seed's title
            line = " ".join(line.split())
            if len(line.split()) < 12:
                continue  # titles, captions, counters, junk
            for sentence in _SENTENCE_SPLIT.split(line):
                for regex, placeholder in _TEMPLATES:
                    sentence = regex.sub(placeholder, sentence)
                if len(sentence.split()) >= 6 and not _FACT_RE.search(sentence):
                    sentence = sentence.rstrip(" ;,|")
                    sentence = sentence[0].upper() + sentence[1:]
                    if sentence[-1] not in ".!?…":
                        sentence += "."
                    sentences.append(sentence)
    if len(sentences) < 20:
        raise SeedsMissing(f"Quá ít câu dùng được trong các bài gốc ở {seeds_dir}.")
    clauses = []
    for sentence in sentences:
        for clause in _CLAUSE_SPLIT.split(sentence.rstrip(".!?…")):
            if len(clause.split()) >= 4:
                clauses.append(clause[0].lower() + clause[1:])
    return Material(sentences=sentences, clauses=clauses)


def generate_reports(n, seed=1, seeds_dir=None):
    """``n`` report texts (str), deterministic for ``seed``."""
    for report in generate_corpus(n, seed, seeds_dir):
        yield report.text


def generate_corpus(n, seed=1, seeds_dir=None, start=0):
    """GeneratedReport(index, text, facts) for indexes ``start``…``n - 1``,
    deterministic for ``seed`` (a corpus can be generated in steps)."""
    material = load_material(seeds_dir)
    seen = set()
    for i in range(start, n):
        attempt = 0
        while True:
            rng = random.Random(f"{seed}:{i}:{attempt}")
            report = _Builder(rng, material, i).build()
            key = hashlib.blake2b(report.text.encode(), digest_size=16).digest()
            if key not in seen:
                seen.add(key)
                break
            attempt += 1
        yield report


def write_corpus(n, out_dir, seed=1, seeds_dir=None):
    """Write ``n`` reports as UTF-8 .txt files into ``out_dir``; returns the paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    width = max(5, len(str(n)))
    paths = []
    for report in generate_corpus(n, seed, seeds_dir):
        path = out_dir / f"bao-cao-{report.index:0{width}d}.txt"
        path.write_text(report.text, encoding="utf-8")
        paths.append(path)
    return paths


def _words(text):
    return len(text.split())


class _Builder:
    """One report: picks its facts, then writes them out in the genre's shapes."""

    def __init__(self, rng, material, index):
        self.rng = rng
        self.material = material
        self.index = index
        self.plenum = None
        self.congress = "XI"
        self.deck = []
        self.facts = {
            "documents": [],
            "subject_documents": [],
            "plenums": [],
            "speakers": [],
            "attendees": [],
            "connection_points": [],
        }

    # --- facts --------------------------------------------------------------

    def pick_date(self):
        start = datetime.date(2010, 1, 1).toordinal()
        end = datetime.date(2026, 10, 31).toordinal()
        return datetime.date.fromordinal(self.rng.randint(start, end))

    def pick_place(self, date):
        provinces = T.PROVINCES_2025 if date >= T.MERGER_DATE else T.PROVINCES
        name = self.rng.choice(provinces)
        if date >= T.HUE_CITY_DATE and name == "Thừa Thiên Huế":
            name = "Huế"
        return name

    def person(self):
        rng = self.rng
        surname = rng.choice(T.SURNAMES)
        middle = rng.choice(T.MIDDLE_NAMES)
        given = rng.choice(T.GIVEN_NAMES)
        if rng.random() < 0.15:
            return f"{surname} {given}"
        if rng.random() < 0.1:
            return f"{surname} {middle} {rng.choice(T.MIDDLE_NAMES)} {given}"
        return f"{surname} {middle} {given}"

    def doc_mention(self, doc, *, subject=True):
        """ "Quy định số 205-QĐ/TW ngày ... của Bộ Chính trị về ..." with written variants."""
        rng = self.rng
        code = doc.code
        r = rng.random()
        if r < 0.06:
            code = code.replace("-", " - ", 1)
        elif r < 0.1:
            code = code.replace("/TW", "/T.Ư")
        elif r < 0.13:
            code = code.replace("-", " – ", 1)
        elif r < 0.16:
            code = vietnamese.fold(code)  # "205-QD/TW", typed without Vietnamese keys
        words = [doc.type_word, "số" if rng.random() < 0.8 else "", code]
        if doc.issued and rng.random() < 0.3:
            words.append(f"ngày {doc.issued.day}/{doc.issued.month:02d}/{doc.issued.year}")
        if rng.random() < 0.7:
            words.append(f"của {doc.body}")
        if subject:
            if rng.random() < 0.5:
                words.append(f"về “{doc.subject[0].upper() + doc.subject[1:]}”")
            else:
                words.append(f"về {doc.subject}")
        self.facts["documents"].append(codes.normalize_code(doc.code) or doc.code)
        return " ".join(w for w in words if w)

    def plenum_mention(self, plenum):
        term, number = plenum.term, plenum.number
        khoa = self.rng.choice(["khóa", "khoá", "khóa", "Khóa"])
        forms = [
            f"Hội nghị Trung ương {number} {khoa} {term}",
            f"Hội nghị Trung ương {number} ({khoa} {term})",
            f"Hội nghị lần thứ {number} Ban Chấp hành Trung ương Đảng {khoa} {term}",
            f"Hội nghị lần thứ {C.NUMBER_WORDS[number]} Ban Chấp hành Trung ương Đảng ({khoa} {term})",
            f"Hội nghị lần thứ {C.NUMBER_WORDS[number].capitalize()} Ban Chấp hành Trung ương "
            f"Đảng {khoa} {term}",
        ]
        self.facts["plenums"].append({"number": number, "term": term})
        return self.rng.choice(forms)

    # --- text ---------------------------------------------------------------

    def prose_sentence(self):
        rng = self.rng
        while True:
            if rng.random() < 0.6:
                # Deal sentences like cards: a report rarely says the same thing twice.
                if not self.deck:
                    self.deck = list(self.material.sentences)
                    rng.shuffle(self.deck)
                text = self.deck.pop()
            else:
                text = ", ".join(
                    rng.choice(self.material.clauses) for _ in range(rng.randint(2, 4))
                )
                text = text[0].upper() + text[1:] + "."
            if "{P}" in text:
                if self.plenum is None:
                    continue
                text = text.replace("{P}", self.plenum_mention(self.plenum))
            year = self.date.year - (rng.random() < 0.5)
            return text.replace("{Y}", str(year)).replace("{C}", self.congress)

    def paragraph(self, sentences=None):
        count = sentences or self.rng.randint(2, 5)
        return " ".join(self.prose_sentence() for _ in range(count))

    def build(self):
        rng = self.rng
        f = self.facts
        date = self.date = self.pick_date()
        province = self.pick_place(date)
        level = rng.choices(["central", "province", "district", "grassroots"], [2, 5, 3, 1])[0]
        if level == "district" and date >= T.MERGER_DATE:
            level = "grassroots"  # no districts after the 2025 reform
        unit = T.party_unit(province)
        district = rng.choice(T.DISTRICTS.get(province, [])) if T.DISTRICTS.get(province) else None
        if level == "district" and district is None:
            level = "province"
        organiser, org_unit, local_place = T.organiser(rng, level, province, unit, district)
        fmt = rng.choices(["online", "hybrid", "in_person"], [5, 3, 2])[0]
        f.update(
            event_date=date.isoformat(),
            format=fmt,
            level=level,
            province=province,
            organiser=organiser,
        )

        # What the conference is about: a plenum's resolutions, or documents.
        plenum = self.plenum = C.plenum_before(rng, date)
        self.congress = plenum.term if plenum else "XI"
        docs = C.documents_before(rng, date, rng.randint(1, 3))
        about_plenum = plenum is not None and rng.random() < 0.55
        if about_plenum:
            subject_text = f"Nghị quyết {self.plenum_mention(plenum)}"
            f["subject_plenum"] = {"number": plenum.number, "term": plenum.term}
            resolutions = [C.DOCS_BY_CODE[c] for c in plenum.documents]
        else:
            subject_text = "; ".join(self.doc_mention(d, subject=True) for d in docs[:2])
            f["subject_documents"] = [codes.normalize_code(d.code) or d.code for d in docs[:2]]
            resolutions = []

        title_place = local_place if level == "district" else province
        title = T.title(rng, subject_text, title_place, plenum, about_plenum, fmt)
        f["title"] = title
        lines = [title]
        pub = date + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2]))
        r = rng.random()
        if r < 0.3:
            lines.append(
                f"{pub.day:02d}/{pub.month:02d}/{pub.year} {rng.randint(6, 22)}:{rng.randint(0, 59):02d}"
            )
        elif r < 0.5:
            lines.append(
                f"Cập nhật lúc {rng.randint(6, 22)}:{rng.randint(0, 59):02d}, "
                f"{T.WEEKDAYS[pub.weekday()]}, {pub.day:02d}/{pub.month:02d}/{pub.year} (GMT+7)"
            )
        elif r < 0.58:
            lines.append(f"0\n{rng.randint(20, 900)}")

        date_phrase, precision = T.date_phrase(rng, date)
        format_words = T.FORMAT_WORDS[fmt](rng)
        f["date_precision"] = precision
        lead = (
            f"{date_phrase}, {organiser} tổ chức hội nghị {format_words} "
            f"{rng.choice(T.PURPOSES)} {subject_text}."
        )
        central_room = rng.choice(T.CENTRAL_ROOMS)
        points = []
        if fmt != "in_person":
            points = self.connection_points(province, org_unit, local_place, level, date)
            f["connection_points"] = [{"name": n, "place": p} for n, p in points]
            count = rng.choice([16, 25, 63, 120, 300, 1200, 9800])
            lead += (
                f" Từ điểm cầu chính tại {central_room}, hội nghị được kết nối tới {count} "
                f"điểm cầu trong {rng.choice(['cả nước', 'toàn tỉnh', 'toàn quốc'])}."
            )
        if precision == "inferred":
            lead += f" Hội nghị diễn ra trong {rng.choice(['tháng', 'dịp cuối tháng'])} {date.month:02d}/{date.year}."
        lines.append(lead)

        people = [(self.person(), pos) for pos in T.positions(rng, level, org_unit, 6)]
        k = rng.randint(1, 3)
        chair, speakers, attendees = people[0], people[1 : 1 + k], people[1 + k :]
        attend_at = points[0][0] if points else rng.choice(["hội trường", "hội nghị"])
        lines.append(
            f"Dự {'tại ' + attend_at if points else 'hội nghị'} có các đồng chí: "
            + "; ".join(f"{n}, {p}" for n, p in attendees)
            + "."
        )
        f["attendees"] = [{"name": n, "position": p} for n, p in attendees]
        lines.append(f"Đồng chí {chair[0]}, {chair[1]} chủ trì hội nghị.")
        for name, _place in points[1:]:
            lines.append(f"Tại {name}, hội nghị có sự tham dự của {rng.choice(T.LOCAL_AUDIENCES)}.")
        if points and rng.random() < 0.8:
            caption = f"{rng.choice(T.CAPTION_STARTS)} tại {points[0][0]}"
            lines.append(caption)
            if rng.random() < 0.3:
                lines.append(caption + ".")  # captions are often repeated with a full stop

        talk = []
        topics = resolutions or docs
        for k, (name, pos) in enumerate(speakers):
            doc = topics[k % len(topics)] if topics else None
            if doc is not None and rng.random() < 0.6:
                topic = f"giới thiệu, quán triệt {self.doc_mention(doc)}"
            else:
                topic = f"truyền đạt chuyên đề: {rng.choice(T.TOPICS)}"
            talk.append(f"đồng chí {name}, {pos} {topic}")
            f["speakers"].append({"name": name, "position": pos, "topic": topic})
        lines.append(f"{rng.choice(T.TALK_STARTS)} " + "; ".join(talk) + ".")
        f["speakers"].insert(0, {"name": chair[0], "position": chair[1], "topic": "chủ trì"})

        request = self.prose_sentence()
        closing = (
            f"Phát biểu kết luận hội nghị, đồng chí {chair[0]} yêu cầu "
            f"{request[0].lower()}{request[1:]}"
        )
        tail = self.tail(date, province)
        body_words = sum(_words(x) for x in lines) + _words(closing) + _words(tail)
        target = rng.randint(MIN_WORDS, MAX_WORDS)
        extra_docs = C.documents_before(rng, date, rng.randint(0, 3))
        while body_words < target:
            # Facts are only kept for text that is kept: roll back a dropped paragraph's.
            marks = len(f["documents"]), len(f["plenums"])
            para = self.paragraph()
            if extra_docs and rng.random() < 0.35:
                para += f" {rng.choice(T.DOC_LEADS)} {self.doc_mention(extra_docs.pop())}."
            elif rng.random() < 0.1 and plenum is not None:
                para += f" Đây là nội dung quan trọng của {self.plenum_mention(plenum)}."
            elif rng.random() < 0.02:
                term, number, subject = rng.choice(C.HISTORIC)
                old = C.plenum_by_key(term, number)
                para += (
                    f" Nghị quyết kế thừa và phát triển Nghị quyết {self.plenum_mention(old)} "
                    f"về “{subject}”."
                )
            if body_words + _words(para) > MAX_WORDS - 20:
                del f["documents"][marks[0] :], f["plenums"][marks[1] :]
                if body_words >= MIN_WORDS:
                    break
                para = self.paragraph(1)
            lines.append(para)
            body_words += _words(para)
        lines.append(closing)
        lines.append(tail)
        f["documents"] = sorted(set(f["documents"]))
        f["plenums"] = [dict(t) for t in {tuple(sorted(p.items())) for p in f["plenums"]}]
        return GeneratedReport(self.index, "\n\n".join(lines) + "\n", f)

    def connection_points(self, province, org_unit, local_place, level, date):
        rng = self.rng
        points = []
        if level == "central":
            for _ in range(rng.randint(1, 3)):
                p = self.pick_place(date)
                points.append((T.point_name(rng, p, T.party_unit(p)), p))
        else:
            points.append((f"điểm cầu {org_unit}", local_place or province))
            if rng.random() < 0.5:
                p = self.pick_place(date)
                points.append((T.point_name(rng, p, T.party_unit(p)), p))
        seen, unique = set(), []
        for name, place in points:
            if name not in seen:
                seen.add(name)
                unique.append((name, place))
        return unique

    def tail(self, date, province):
        rng = self.rng
        author = rng.choice(T.PEN_NAMES) if rng.random() < 0.5 else self.person()
        r = rng.random()
        if r < 0.35:
            byline = author
        elif r < 0.55:
            byline = f"Tin, ảnh: {author}"
        elif r < 0.7:
            byline = f"{author} – {rng.choice([p for p in T.PEN_NAMES if p != author])}"
        else:
            byline = f"{author}\n{rng.choice(T.OFFICES).format(p=province)}"
        self.facts["author"] = byline.split("\n")[0].removeprefix("Tin, ảnh: ")
        junk = rng.choice(T.JUNK)
        return byline + ("\n\n" + junk if junk else "")
