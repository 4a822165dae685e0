"""The extractor on the five seed reports (golden files) and on texts written
to vary what real reports vary: code spelling, number words, tone placement,
NFD, honorifics, titles glued to names, order, and page noise."""

import json
import unicodedata
from pathlib import Path

import pytest

from archive.extract import extract

GOLDEN = Path(__file__).parent / "golden"
SEEDS = sorted(GOLDEN.glob("*.txt"))
# The facts compared with the golden files (the body is checked separately).
FACTS = [
    "title",
    "event_date",
    "date_precision",
    "date_basis",
    "documents",
    "plenums",
    "speakers",
    "attendees",
    "connection_points",
    "author",
    "source_outlet",
    "format",
    "organiser",
    "level",
    "place",
    "subject_documents",
    "subject_plenums",
]


def seed(prefix):
    return next(p for p in SEEDS if p.name.startswith(prefix)).read_text(encoding="utf-8")


# What the extractor adds to anyone who is not a known leader.
UNKNOWN = {"known_as": None, "known_position": None}


def names(people):
    return [p["name"] for p in people]


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_matches_its_golden_file(path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    got = extract(path.read_text(encoding="utf-8"))
    for key in FACTS:
        assert got[key] == expected[key], key


class TestSeedFacts:
    """The facts issue 2 names, spelled out (the golden files hold them all)."""

    def test_codes_and_plenums_of_the_central_conference(self):
        data = extract(seed("000"))
        assert [d["code"] for d in data["documents"]] == ["26-NQ/TW", "28-NQ/TW", "27-NQ/TW"]
        assert data["plenums"] == [{"number": 7, "term": "XII"}, {"number": 3, "term": "VIII"}]
        assert data["subject_plenums"] == [{"number": 7, "term": "XII"}]

    def test_title_glued_to_name_is_the_position(self):
        speaker = extract(seed("000"))["speakers"][0]
        assert speaker["name"] == "Trần Quốc Vượng"
        assert speaker["position"] == "Thường trực Ban Bí thư"

    def test_speaker_topic_is_the_document_presented(self):
        speakers = {s["name"]: s for s in extract(seed("000"))["speakers"]}
        assert speakers["Phạm Minh Chính"]["topic"].startswith("Nghị quyết số 26-NQ/TW về")
        assert speakers["Phạm Minh Chính"]["position"] == (
            "Ủy viên Bộ Chính trị, Trưởng Ban Tổ chức Trung ương"
        )
        assert speakers["Đào Ngọc Dung"]["position"].endswith("Thương binh và Xã hội")

    def test_year_missing_from_the_date_is_inferred_from_a_later_month(self):
        data = extract(seed("001"))
        assert (data["event_date"], data["date_precision"]) == ("2023-12-04", "inferred")

    def test_speakers_and_attendees_are_kept_apart(self):
        data = extract(seed("001"))
        assert names(data["speakers"]) == [
            "Võ Văn Thưởng",
            "Phạm Minh Chính",
            "Trương Thị Mai",
            "Đỗ Mạnh Hiến",
            "Phan Văn Giang",
            "Nguyễn Trọng Nghĩa",
        ]
        assert names(data["attendees"]) == ["Lê Tiến Châu", "Nguyễn Văn Tùng"]
        # Mentioned, but did not speak at this conference.
        assert "Nguyễn Phú Trọng" not in names(data["speakers"] + data["attendees"])

    def test_hybrid_format_and_central_room(self):
        data = extract(seed("001"))
        assert data["format"] == "hybrid"
        assert data["connection_points"][0] == {
            "name": "Phòng họp Diên Hồng (Nhà Quốc hội)",
            "place": "Hà Nội",
            "central": True,
        }

    def test_plenum_number_written_as_a_word(self):
        data = extract(seed("002"))
        assert {"number": 7, "term": "XII"} in data["plenums"]
        assert data["event_date"] == "2018-05-24" and data["date_precision"] == "exact"

    def test_honorific_ong_is_not_part_of_the_name(self):
        speaker = extract(seed("002"))["speakers"][0]
        assert speaker["name"] == "Lê Hoàng Phương"
        assert speaker["position"] == "Phó Bí thư TT Thành ủy, Chủ tịch HĐND thành phố"

    def test_short_references_resolve_to_the_full_codes(self):
        data = extract(seed("003"))
        assert [d["code"] for d in data["documents"]] == [
            "205-QĐ/TW",
            "21-HD/BTCTW",
            "26-HD/BTCTW",
            "35-CT/TW",
        ]
        # 35-CT/TW is cited inside 26-HD/BTCTW's subject: not what the conference was about.
        assert data["subject_documents"] == ["205-QĐ/TW", "21-HD/BTCTW", "26-HD/BTCTW"]

    def test_connection_point_count_and_typo(self):
        data = extract(seed("003"))
        assert data["connection_point_count"] == 16
        assert data["connection_points"] == [{"name": "Tỉnh ủy", "place": None, "central": False}]

    def test_chair_and_date_from_the_publication_line(self):
        data = extract(seed("003"))
        assert data["speakers"][0]["role"] == "chair"
        assert data["event_date"] == "2019-11-07"

    def test_dotted_date_and_year_from_the_text(self):
        data = extract(seed("004"))
        assert (data["event_date"], data["date_precision"]) == ("2018-01-19", "inferred")
        assert data["author"] == "Phi Anh"
        assert data["connection_points"] == [
            {
                "name": "Hà Giang",
                "place": "Hà Giang",
                "central": False,
                "as_written": "tỉnh Hà Giang",
            }
        ]

    def test_bylines(self):
        assert extract(seed("000"))["author"] == "Thu Hằng"
        assert extract(seed("000"))["author_office"] == "Trung tâm TTVH"
        assert extract(seed("001"))["author"] == "Hoàng Tùng – Đàm Thanh"
        assert extract(seed("002"))["author"] is None
        assert extract(seed("003"))["author"] == "Lê Hương"


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_body_has_no_page_junk(path):
    body = extract(path.read_text(encoding="utf-8"))["body"]
    lines = body.split("\n\n")
    for junk in ("Loading", "BÌNH LUẬN", "Vui lòng nhập", "Ý kiến bạn đọc", "GMT+7"):
        assert junk not in body
    assert all(line.strip() not in {"0", "112", ".", ",", ""} for line in lines)
    assert not any(line.rstrip().endswith("|") for line in lines)
    assert len(lines) == len(set(lines))


def test_duplicated_caption_is_kept_once():
    body = extract(seed("003"))["body"]
    assert body.count("Các đại biểu tham dự hội nghị tại điểm") == 1
    assert body.count("phát biểu kết luận hội nghị") == 1
    assert "Phó Bí thư Thường trực Tỉnh ủy Phạm Minh Tấn phát biểu kết luận hội nghị." in body


def test_title_and_byline_are_not_in_the_body():
    data = extract(seed("000"))
    assert data["title"] not in data["body"]
    assert not data["body"].rstrip().endswith(("Thu Hằng", "Trung tâm TTVH"))


# --- Texts we wrote ---------------------------------------------------------------

VARIANT = """Thị xã tổ chức hội nghị quán triệt Nghị quyết 26 – NQ/TW
Cập nhật: 08:15 | 16/03/2024

Sáng ngày 15/3, Ban Thường vụ Huyện ủy Xín Mần đã tổ chức hội nghị theo hình thức trực tiếp kết hợp trực tuyến quán triệt Nghị quyết 26 – NQ/TW và Quy định số 205 của Bộ Chính trị tại 24 điểm cầu trên địa bàn huyện.
Chủ trì hội nghị có đồng chí Nguyễn Văn Sơn, Bí thư Huyện ủy và đồng chí Lê Thị Hoa, Chủ tịch UBND huyện.
Bí thư Huyện uỷ Nguyễn Văn Sơn phát biểu khai mạc hội nghị.
Hội nghị đã nghe bà Hồ Thị Kim Thoa, Phó Trưởng ban Tuyên giáo Tỉnh ủy giới thiệu chuyên đề: Những điểm mới của Nghị quyết số 26-nq/tw; ông Trần Đức Thuý, Báo cáo viên Tỉnh ủy trình bày Hướng dẫn số 21 của Ban Tổ chức Trung ương.
Dự tại điểm cầu Huyện ủy Xín Mần có các đồng chí: Vàng Seo Dình, Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Huyện ủy; Lò Văn Páo, Phó Chủ tịch HĐND huyện và các đồng chí trong Ban Chấp hành Đảng bộ.
Đại biểu dự hội nghị tại điểm cầu Huyện ủy Xín Mần
Đại biểu dự hội nghị tại điểm cầu Huyện ủy Xín Mần
Chia sẻ
Bài và ảnh: Minh Châu
Báo Hà Giang
Tin liên quan
"""


class TestVariantText:
    @pytest.fixture(scope="class")
    def data(self):
        return extract(VARIANT)

    def test_code_written_with_spaced_dash_and_lower_case(self, data):
        assert [d["code"] for d in data["documents"]][:2] == ["26-NQ/TW", "205-QĐ/TW"]

    def test_short_reference_takes_the_issuer_named_after_it(self, data):
        codes = [d["code"] for d in data["documents"]]
        assert "21-HD/BTCTW" in codes and len(codes) == 3

    def test_date_year_from_publication_line(self, data):
        assert (data["event_date"], data["date_precision"]) == ("2024-03-15", "inferred")
        assert data["published"] == "2024-03-16T08:15"

    def test_chairs_listed_with_va_are_both_found(self, data):
        chairs = [s for s in data["speakers"] if s["role"] == "chair"]
        assert names(chairs) == ["Nguyễn Văn Sơn", "Lê Thị Hoa"]
        assert chairs[1]["position"] == "Chủ tịch UBND huyện"

    def test_honorifics_ba_and_ong_are_dropped(self, data):
        speakers = {s["name"]: s for s in data["speakers"]}
        assert speakers["Hồ Thị Kim Thoa"]["position"] == "Phó Trưởng ban Tuyên giáo Tỉnh ủy"
        assert speakers["Hồ Thị Kim Thoa"]["topic"].startswith("Những điểm mới")
        assert speakers["Trần Đức Thuý"]["topic"].startswith("Hướng dẫn số 21")

    def test_attendees_stop_before_the_generic_rest(self, data):
        assert data["attendees"] == [
            {
                "name": "Vàng Seo Dình",
                "position": "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Huyện ủy",
                **UNKNOWN,
            },
            {"name": "Lò Văn Páo", "position": "Phó Chủ tịch HĐND huyện", **UNKNOWN},
        ]

    def test_unknown_district_point_is_kept_by_name(self, data):
        assert data["connection_points"] == [
            {"name": "Huyện ủy Xín Mần", "place": None, "central": False}
        ]
        assert data["connection_point_count"] == 24
        # "Xín Mần" is a place here, never a person.
        assert "Xín Mần" not in names(data["speakers"] + data["attendees"])

    def test_format_level_and_byline(self, data):
        assert data["format"] == "hybrid"
        assert data["level"] == "district"
        assert data["organiser"] == "Ban Thường vụ Huyện ủy Xín Mần"
        assert (data["author"], data["author_office"]) == ("Minh Châu", "Báo Hà Giang")

    def test_noise_is_dropped_and_caption_kept_once(self, data):
        body = data["body"]
        assert "Chia sẻ" not in body and "Tin liên quan" not in body and "08:15" not in body
        assert body.count("Đại biểu dự hội nghị tại điểm cầu") == 1


def test_nfd_input_gives_the_same_facts():
    text = seed("000")
    nfc, nfd = extract(text), extract(unicodedata.normalize("NFD", text))
    for key in FACTS:
        assert nfd[key] == nfc[key], key


def test_old_and_new_tone_placement_read_alike():
    old = "Hội nghị\nNgày 3/10/2022, Ban Thường vụ Tỉnh ủy tổ chức hội nghị quán triệt Nghị quyết Trung ương 6 (khóa XIII). Đồng chí Vũ Thị Thúy, Ủy viên Ban Thường vụ Tỉnh ủy chủ trì hội nghị."
    new = old.replace("khóa", "khoá").replace("Ủy", "Uỷ").replace("ủy", "uỷ")
    new = new.replace("Thúy", "Thuý")
    a, b = extract(old), extract(new)
    assert a["plenums"] == b["plenums"] == [{"number": 6, "term": "XIII"}]
    assert a["speakers"][0]["role"] == b["speakers"][0]["role"] == "chair"
    assert b["speakers"][0]["position"] == "Uỷ viên Ban Thường vụ Tỉnh uỷ"


@pytest.mark.parametrize(
    "phrase, plenum",
    [
        ("Hội nghị lần thứ mười một Ban Chấp hành Trung ương Đảng khóa XIII", (11, "XIII")),
        ("Hội nghị lần thứ Tám Ban Chấp hành Trung ương Đảng (Khoá XII)", (8, "XII")),
        ("Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa 13", (5, "XIII")),
        ("Nghị quyết Trung ương 4 khoá XI", (4, "XI")),
        ("Nghị quyết TW8 khóa XII", (8, "XII")),
        ("Hội nghị T.Ư lần thứ 10 khoá XII", (10, "XII")),
        ("HNTW 6 khóa XII", (6, "XII")),
        ("Hội nghị Ban Chấp hành Trung ương lần thứ 7 khóa XII", (7, "XII")),
    ],
)
def test_plenum_spellings(phrase, plenum):
    data = extract(f"Tiêu đề\nNgày 1/6/2019, Tỉnh ủy tổ chức hội nghị quán triệt {phrase}.")
    assert (data["plenums"][0]["number"], data["plenums"][0]["term"]) == plenum


def test_plenum_without_term_takes_the_only_term_named():
    data = extract(
        "Tiêu đề\nNghị quyết Hội nghị Trung ương 8 khóa XIII. Từ sau Hội nghị Trung ương 7."
    )
    assert data["plenums"] == [{"number": 8, "term": "XIII"}, {"number": 7, "term": "XIII"}]


def test_congress_is_not_a_plenum():
    data = extract("Tiêu đề\nThực hiện Nghị quyết Đại hội XII của Đảng và Đại hội lần thứ XIII.")
    assert data["plenums"] == []


@pytest.mark.parametrize(
    "written, code",
    [
        ("Nghị quyết số 26 - NQ/TW", "26-NQ/TW"),
        ("nghị quyết 26-nq/tw", "26-NQ/TW"),
        ("Nghị quyết 26/NQ-TW", "26-NQ/TW"),
        ("Nghị quyết số 26-NQ/T.Ư", "26-NQ/TW"),
        ("Quy định 205-QD/TW", "205-QĐ/TW"),
        ("Quy định số 205 của Bộ Chính trị", "205-QĐ/TW"),
        ("Chỉ thị 35 của Ban Bí thư", "35-CT/TW"),
        ("Kết luận số 21 của Ban Chấp hành Trung ương", "21-KL/TW"),
        ("Đề án số 07-ĐA/TU của Tỉnh ủy", "7-ĐA/TU"),
        ("Hướng dẫn số 36 của Văn phòng Trung ương Đảng", "36-HD/VPTW"),
    ],
)
def test_document_spellings(written, code):
    data = extract(f"Tiêu đề\nNgày 2/7/2020, Huyện ủy tổ chức hội nghị quán triệt {written}.")
    assert [d["code"] for d in data["documents"]] == [code]


def test_number_without_issuer_is_not_guessed():
    data = extract("Tiêu đề\nNghị quyết 26 của Hội đồng nhân dân được thông qua.")
    assert data["documents"] == []


def test_document_subject_and_date():
    data = extract(
        "Tiêu đề\nQuán triệt Quy định số 66-QĐ/TW ngày 6/02/2017 của Ban Bí thư về thể loại, "
        "thẩm quyền ban hành văn bản; Nghị quyết số 28-NQ/TW “Về cải cách chính sách bảo hiểm xã hội”."
    )
    docs = {d["code"]: d for d in data["documents"]}
    assert docs["66-QĐ/TW"]["date"] == "2017-02-06"
    assert docs["66-QĐ/TW"]["subject"] == "Thể loại, thẩm quyền ban hành văn bản"
    assert docs["28-NQ/TW"]["subject"] == "Cải cách chính sách bảo hiểm xã hội"


@pytest.mark.parametrize(
    "lead, published, expected",
    [
        ("Ngày 15 tháng 3 năm 2024, Tỉnh ủy tổ chức", None, ("2024-03-15", "exact")),
        ("Chiều 28/12, Tỉnh ủy tổ chức", "02/01/2024 08:00", ("2023-12-28", "inferred")),
        ("Sáng 7-11, Tỉnh ủy tổ chức", "Thứ Năm, 07/11/2019 - 16:07", ("2019-11-07", "inferred")),
        ("Ngày 19.1, Tỉnh ủy tổ chức hội nghị năm 2018", None, ("2018-01-19", "inferred")),
        ("Tỉnh ủy tổ chức hội nghị", None, (None, "unknown")),
        ("Ngày 10/5, Tỉnh ủy tổ chức hội nghị đến năm 2030", None, (None, "unknown")),
    ],
)
def test_event_dates(lead, published, expected):
    text = "Tiêu đề\n" + (published + "\n" if published else "") + lead + " hội nghị."
    data = extract(text)
    assert (data["event_date"], data["date_precision"]) == expected


def test_year_from_the_plenum_the_report_is_about():
    data = extract(
        "Quán triệt Nghị quyết Trung ương 7 khóa XII\nNgày 29/6, Tỉnh ủy tổ chức hội nghị."
    )
    assert data["event_date"] == "2018-06-29"


@pytest.mark.parametrize(
    "sentence, fmt",
    [
        ("tổ chức hội nghị trực tuyến", "online"),
        ("theo hình thức trực tuyến kết hợp trực tiếp", "hybrid"),
        ("theo hình thức trực tiếp", "in_person"),
        ("tổ chức hội nghị, trực tiếp chỉ đạo", None),
    ],
)
def test_format(sentence, fmt):
    assert extract(f"Tiêu đề\nNgày 1/1/2020, Tỉnh ủy {sentence}.")["format"] == fmt


@pytest.mark.parametrize(
    "tail, author",
    [
        ("Tin, ảnh: Phi Anh", "Phi Anh"),
        ("Hoàng Tùng - Đàm Thanh", "Hoàng Tùng - Đàm Thanh"),
        ("PV", "PV"),
        ("Bảo Ngọc", "Bảo Ngọc"),
        ("Quang cảnh hội nghị", None),
    ],
)
def test_bylines(tail, author):
    text = "Tiêu đề\nNgày 1/1/2020, Tỉnh ủy tổ chức hội nghị trực tuyến.\n" + tail + "\n"
    assert extract(text)["author"] == author


def test_source_line_alone_is_not_an_author():
    data = extract("Tiêu đề\nNgày 1/1/2020, Tỉnh ủy tổ chức hội nghị.\nTheo Báo Nhân Dân\n")
    assert data["author"] is None and data["author_office"] == "Theo Báo Nhân Dân"


def test_same_point_named_twice_is_one_point():
    data = extract(
        "Tiêu đề\nTại điểm cầu Thành ủy Móng Cái có 100 đại biểu. Các đại biểu tại điểm cầu Móng Cái."
    )
    assert data["connection_points"] == [
        {"name": "Thành ủy Móng Cái", "place": "Móng Cái", "central": False}
    ]


def test_empty_and_junk_only_text():
    assert extract("")["title"] == ""
    data = extract("Loading...\n0\nBÌNH LUẬN\n")
    assert data["title"] == "" and data["body"] == "" and data["event_date"] is None


def test_dash_positions_colon_lists_and_do_chu_tri():
    data = extract(
        "Tiêu đề\nNgày 3/4/2024, Tỉnh ủy Lai Châu tổ chức hội nghị quán triệt Nghị quyết Hội nghị "
        "lần thứ 8, Ban Chấp hành Trung ương Đảng khóa XIII.\n"
        "Đồng chí Giàng Páo Mỷ - Bí thư Tỉnh ủy phát biểu chỉ đạo hội nghị.\n"
        "Tham dự hội nghị có: đồng chí Lê Văn Lương, Phó Bí thư Thường trực Tỉnh ủy; "
        "đồng chí Tống Thanh Hải, Chủ tịch UBND tỉnh.\n"
        "Hội nghị do đồng chí Vũ Mạnh Hà, Phó Bí thư Tỉnh ủy chủ trì.\n"
        "Báo cáo viên Tỉnh ủy Nguyễn Thị Hoa trình bày chuyên đề về kinh tế tư nhân.\n"
    )
    assert data["plenums"] == [{"number": 8, "term": "XIII"}]
    assert data["speakers"] == [
        {
            "name": "Giàng Páo Mỷ",
            "position": "Bí thư Tỉnh ủy",
            "topic": None,
            "role": "speaker",
            **UNKNOWN,
        },
        {
            "name": "Vũ Mạnh Hà",
            "position": "Phó Bí thư Tỉnh ủy",
            "topic": None,
            "role": "chair",
            **UNKNOWN,
        },
        {
            "name": "Nguyễn Thị Hoa",
            "position": "Báo cáo viên Tỉnh ủy",
            "topic": "kinh tế tư nhân",
            "role": "speaker",
            **UNKNOWN,
        },
    ]
    assert names(data["attendees"]) == ["Lê Văn Lương", "Tống Thanh Hải"]


def test_photo_captions_are_listed():
    captions = extract(seed("000"))["photo_captions"]
    assert captions[0] == "Quang cảnh hội nghị trực tuyến tại điểm cầu Thành ủy Móng Cái"
    assert len(captions) == 2


PROVINCE_STYLE = """Quảng Ninh quán triệt Nghị quyết Trung ương 8
Thứ sáu, 15/12/2023, 16:30 (GMT+7)
(Baoquangninh.vn) - Chiều 15/12, Tỉnh ủy Quảng Ninh tổ chức hội nghị trực tuyến học tập, quán triệt, triển khai thực hiện Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII đến 177 điểm cầu. Đồng chí Vũ Đại Thắng, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng Đoàn ĐBQH tỉnh, chủ trì hội nghị.
Tham dự hội nghị có các đồng chí: Cao Tường Huy, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; các đồng chí trong Ban Thường vụ Tỉnh ủy.
Tại hội nghị, đồng chí Nguyễn Văn Hồi, Tỉnh ủy viên, Giám đốc Sở Tư pháp trình bày Quy định số 08-QĐi/TW của Ban Chấp hành Trung ương về trách nhiệm nêu gương; Nghị quyết số 26-NQ/TW, ngày 19/5/2018 của Hội nghị lần thứ bảy Ban Chấp hành Trung ương Đảng khoá XII.
Hội nghị được kết nối tới điểm cầu TP. Hồ Chí Minh và điểm cầu thành phố Hạ Long.
Thanh Hà (TTXVN)
"""


def test_another_provinces_style():
    data = extract(PROVINCE_STYLE)
    assert (data["event_date"], data["published"]) == ("2023-12-15", "2023-12-15T16:30")
    assert data["plenums"] == [{"number": 8, "term": "XIII"}, {"number": 7, "term": "XII"}]
    assert [d["code"] for d in data["documents"]] == ["8-QĐI/TW", "26-NQ/TW"]
    assert data["documents"][1]["date"] == "2018-05-19"
    chair, speaker = data["speakers"]
    assert (chair["name"], chair["role"]) == ("Vũ Đại Thắng", "chair")
    assert chair["position"] == "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng Đoàn ĐBQH tỉnh"
    assert speaker["position"] == "Tỉnh ủy viên, Giám đốc Sở Tư pháp"
    assert speaker["topic"].startswith("Quy định số 08-QĐi/TW")
    assert names(data["attendees"]) == ["Cao Tường Huy"]
    assert data["connection_points"] == [
        {
            "name": "TP Hồ Chí Minh",
            "place": "Thành phố Hồ Chí Minh",
            "central": False,
            "as_written": "TP. Hồ Chí Minh",
        },
        {"name": "thành phố Hạ Long", "place": None, "central": False},
    ]
    assert data["connection_point_count"] == 177
    assert (data["organiser"], data["level"], data["place"]) == (
        "Tỉnh ủy Quảng Ninh",
        "province",
        "Quảng Ninh",
    )
    assert data["author"] == "Thanh Hà (TTXVN)"


@pytest.mark.parametrize(
    "lead, date",
    [
        ("Sáng nay (15/12/2023), Tỉnh ủy tổ chức", "2023-12-15"),
        ("Trong hai ngày 20 và 21/12/2023, Tỉnh ủy tổ chức", "2023-12-20"),
        ("Từ ngày 7 - 12/5/2018, tại Hà Nội, Trung ương tổ chức", "2018-05-07"),
    ],
)
def test_first_day_of_a_written_date(lead, date):
    assert extract(f"Tiêu đề\n{lead} hội nghị.")["event_date"] == date


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # Quoting earlier words is not speaking at this conference.
        ("Như Tổng Bí thư Nguyễn Phú Trọng đã nhấn mạnh, cần làm tốt.", []),
        ("Theo đồng chí Trần Văn Nam, Bí thư Tỉnh ủy nhấn mạnh, cần làm tốt.", []),
        # A lead phrase makes the first person after it the speaker.
        (
            "Phát biểu tại hội nghị, Bí thư Tỉnh ủy Trần Văn Nam cho rằng cần làm tốt.",
            [("Trần Văn Nam", "Bí thư Tỉnh ủy")],
        ),
        (
            "Thay mặt Ban Thường vụ, đồng chí Lê Văn Hai, Bí thư Tỉnh ủy cảm ơn các đại biểu.",
            [("Lê Văn Hai", "Bí thư Tỉnh ủy")],
        ),
        # A name mentioned without a role is nobody's appearance.
        ("Hội nghị nhắc lại tư tưởng Hồ Chí Minh và lời dạy của Trần Hưng Đạo.", []),
    ],
)
def test_who_speaks(sentence, expected):
    data = extract("Tiêu đề\nNgày 1/1/2020, Tỉnh ủy tổ chức hội nghị.\n" + sentence)
    assert [(s["name"], s["position"]) for s in data["speakers"]] == expected


NATIONAL_STYLE = """Hội nghị toàn quốc quán triệt Nghị quyết Trung ương 10 khóa XIII
Hà Nội (TTXVN) - Sáng 24/10/2024, tại Hội trường Diên Hồng, Nhà Quốc hội, Bộ Chính trị, Ban Bí thư tổ chức Hội nghị toàn quốc nghiên cứu, học tập, quán triệt, tuyên truyền Nghị quyết Hội nghị lần thứ mười Ban Chấp hành Trung ương Đảng khóa XIII. Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến tới 11.000 điểm cầu trên cả nước.
Tổng Bí thư, Chủ tịch nước Tô Lâm dự và phát biểu chỉ đạo Hội nghị.
Cùng dự có các đồng chí Ủy viên Bộ Chính trị: Lương Cường, Thường trực Ban Bí thư; Phạm Minh Chính, Thủ tướng Chính phủ; Trần Thanh Mẫn, Chủ tịch Quốc hội.
Tại Hội nghị, đồng chí Nguyễn Trọng Nghĩa, Bí thư Trung ương Đảng, Trưởng Ban Tuyên giáo Trung ương trình bày chuyên đề “Những nội dung cơ bản, cốt lõi của Nghị quyết Hội nghị Trung ương 10”.
Bảo Anh (TTXVN)
"""


def test_national_news_agency_style():
    data = extract(NATIONAL_STYLE)
    assert (data["event_date"], data["date_precision"]) == ("2024-10-24", "exact")
    assert data["plenums"] == [{"number": 10, "term": "XIII"}]
    assert data["organiser"] == "Bộ Chính trị, Ban Bí thư" and data["level"] == "central"
    assert data["connection_point_count"] == 11000
    assert data["speakers"][0] == {
        "name": "Tô Lâm",
        "position": "Tổng Bí thư, Chủ tịch nước",
        "topic": None,
        "role": "speaker",
        # A known leader (fixtures/leaders.json): the title held that day.
        "known_as": "Tô Lâm",
        "known_position": "Tổng Bí thư",
    }
    assert data["speakers"][1]["topic"] == (
        "Những nội dung cơ bản, cốt lõi của Nghị quyết Hội nghị Trung ương 10"
    )
    # The title before the colon is every attendee's.
    assert data["attendees"][0] == {
        "name": "Lương Cường",
        "position": "Ủy viên Bộ Chính trị, Thường trực Ban Bí thư",
        "known_as": "Lương Cường",
        "known_position": "Thường trực Ban Bí thư",
    }
    assert names(data["attendees"]) == ["Lương Cường", "Phạm Minh Chính", "Trần Thanh Mẫn"]


def test_page_furniture_lines_are_dropped():
    data = extract(
        "Tiêu đề\n12/03/2021 08:00\nNgày 1/1/2020, Tỉnh ủy tổ chức hội nghị.\n|\n"
        "Nội dung chính của hội nghị. |\n1.234\nTags: nghị quyết, hội nghị\nTừ khóa: quán triệt\n"
        "© Bản quyền thuộc Báo Hà Giang\nXem thêm: Hội nghị khác\nIn\nChia sẻ\n"
    )
    assert (
        data["body"] == "Ngày 1/1/2020, Tỉnh ủy tổ chức hội nghị.\n\nNội dung chính của hội nghị."
    )
