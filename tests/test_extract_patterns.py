"""The extractor on the patterns real reports of the genre show (issue 8), in
texts written for these tests: each varies spelling, order, line breaks and page
noise, so that a rule holds for the pattern and not for one wording."""

import pytest

from archive.extract import extract

DATE_OPENERS = [
    "Sáng ngày 12/5/2022, Huyện ủy tổ chức hội nghị.",
    "Chiều 12-5-2022, Huyện ủy tổ chức hội nghị.",
    "(ABC)- Sáng 12.5.2022, Huyện ủy tổ chức hội nghị.",
    "Hà Nội (TTXVN) – Tối ngày 12 tháng 5 năm 2022, Bộ Chính trị tổ chức hội nghị.",
    "Trong hai ngày 12/5 và 13/5/2022, Tỉnh ủy tổ chức hội nghị.",
    "Trong 2 ngày 12 và 13/5/2022, Tỉnh ủy tổ chức hội nghị.",
    "Sáng ngày\n12/5/2022, Đảng ủy xã tổ chức hội nghị.",
    "Báo XYZ - Ngày 12/5/\n2022, Đảng ủy xã tổ chức hội nghị.",
]


@pytest.mark.parametrize("lead", DATE_OPENERS)
def test_a_date_opening_the_report_is_the_event_date(lead):
    data = extract(f"Hội nghị quán triệt nghị quyết\n\nTrang chủ > Tin tức\n\n{lead}")
    assert (data["event_date"], data["date_precision"]) == ("2022-05-12", "exact")


@pytest.mark.parametrize(
    "text",
    [
        # Another event's dates in the middle of a sentence.
        "Tiêu đề\nĐảng ủy vừa tổ chức hội nghị. Đại hội sẽ họp từ ngày 20-28/1/2016 tại Hà Nội.",
        # A day and month, and nothing anywhere that gives the year.
        "Tiêu đề\nSáng 27/2, Bộ Chính trị tổ chức hội nghị cán bộ toàn quốc.",
    ],
)
def test_a_date_that_cannot_be_known_stays_unknown(text):
    data = extract(text)
    assert (data["event_date"], data["date_precision"], data["date_basis"]) == (
        None,
        "unknown",
        None,
    )


def test_year_from_the_publication_line_under_the_title():
    text = (
        "Huyện ủy quán triệt Nghị quyết\nThứ Năm, 30/05/2024 18:54\n\n"
        "Chiều 30/5, Huyện ủy tổ chức hội nghị quán triệt nghị quyết."
    )
    data = extract(text)
    assert (data["event_date"], data["date_precision"]) == ("2024-05-30", "inferred")
    assert data["date_basis"] == "ngày đăng bài (30/05/2024)"


@pytest.mark.parametrize(
    "lead",
    ["Sáng nay, 7/2, Tỉnh ủy tổ chức hội nghị.", "Sáng nay (7/2), Tỉnh ủy tổ chức hội nghị."],
)
def test_today_with_its_day_takes_the_stamp_year(lead):
    text = f"Tiêu đề\nCập nhật: 11:20 | 07/02/2025 | Lượt xem: 120 | In bài viết\n{lead}"
    assert extract(text)["event_date"] == "2025-02-07"


@pytest.mark.parametrize(
    "lead, cited, expected",
    [
        # The first such day after the newest dated document it studies.
        ("Ngày 7-2,", "Chỉ thị số 12-CT/TW ngày 3/11/2023 của Ban Bí thư", "2024-02-07"),
        ("Sáng 9/12,", "Kết luận số 8-KL/TW, ngày 1/12/2021 của Bộ Chính trị", "2021-12-09"),
        ("Chiều ngày 20/5,", "Quy định 9-QĐ/TW ngày 25-10-2021 của Ban Chấp hành TW", "2022-05-20"),
    ],
)
def test_year_from_the_dates_of_the_cited_documents(lead, cited, expected):
    text = f"Tiêu đề\n{lead} Huyện ủy tổ chức hội nghị quán triệt {cited}."
    data = extract(text)
    assert (data["event_date"], data["date_precision"]) == (expected, "inferred")
    assert data["date_basis"].startswith("sau ")


def test_year_from_a_date_the_text_gives_for_what_came_before():
    text = (
        "Tiêu đề\nSáng ngày 19/3, Tỉnh ủy tổ chức hội nghị cán bộ toàn tỉnh.\n"
        "Hội nghị Trung ương diễn ra từ ngày 5/1 đến ngày 12/1/2015 tại Hà Nội."
    )
    assert extract(text)["event_date"] == "2015-03-19"


def test_year_from_the_term_when_nothing_closer_gives_it():
    text = (
        "Tiêu đề\n\nNgày 12/6, Ban Bí thư tổ chức hội nghị triển khai kết luận "
        "của Bộ Chính trị khóa XIII."
    )
    data = extract(text)
    assert (data["event_date"], data["date_precision"]) == ("2021-06-12", "inferred")
    assert "khóa XIII" in data["date_basis"]


def test_a_weekday_date_in_the_page_header_is_no_publication_stamp():
    # Sites print today's date in their header: it only bounds the event.
    text = (
        "Thứ sáu, 12/08/2022\n\nHội nghị toàn quốc tổng kết\n\n"
        "Sáng 16-5, Ban Bí thư tổ chức hội nghị tổng kết Chỉ thị của Bộ Chính trị khóa XI."
    )
    data = extract(text)
    assert data["published"] is None
    assert data["event_date"] == "2011-05-16"


def test_metadata_date_before_the_text_is_the_publication_date():
    text = "Tiêu đề\n date 2026-02-25 (ABC)- Sáng 25-2, Ban Bí thư tổ chức hội nghị."
    data = extract(text)
    assert (data["published"], data["event_date"]) == ("2026-02-25", "2026-02-25")
    assert "date 2026" not in data["body"]


# --- People -----------------------------------------------------------------------


def people(text):
    data = extract("Tiêu đề\nNgày 3/4/2023, Tỉnh ủy tổ chức hội nghị.\n" + text)
    return (
        [(p["name"], p["position"], p["role"]) for p in data["speakers"]],
        [(p["name"], p["position"]) for p in data["attendees"]],
    )


@pytest.mark.parametrize(
    "text",
    [
        "Tham dự hội nghị có các Ủy viên Bộ Chính trị: Chủ tịch nước Lò Văn Khải, "
        "Thủ tướng Chính phủ Đặng Quốc Bảo, Chủ tịch Quốc hội Mai Thị Lan.",
        "Tham dự Hội nghị có các đồng chí Ủy viên Bộ Chính trị: Chủ tịch nước Lò Văn Khải; "
        "Thủ tướng Chính phủ Đặng Quốc Bảo; Chủ tịch Quốc hội Mai Thị Lan và các đồng chí "
        "Ủy viên Trung ương Đảng.",
        # The list first, its verb at the end.
        "Các đồng chí Ủy viên Bộ Chính trị: Lò Văn Khải, Chủ tịch nước; Đặng Quốc Bảo, Thủ tướng "
        "Chính phủ; Mai Thị Lan, Chủ tịch Quốc hội dự hội nghị tại điểm cầu Hà Nội.",
    ],
)
def test_leaders_listed_with_their_titles_before_or_after_their_names(text):
    _, attendees = people(text)
    assert [name for name, _ in attendees] == ["Lò Văn Khải", "Đặng Quốc Bảo", "Mai Thị Lan"]
    assert attendees[0][1].endswith("Chủ tịch nước")
    assert "Thủ tướng Chính phủ" in attendees[1][1]


@pytest.mark.parametrize("dash", [" - ", "- ", " -", "-", " – "])
def test_a_point_s_attendees_with_dashes_or_commas(dash):
    text = (
        f"Tại điểm cầu huyện Krông Pa có đồng chí Đinh Văn Tám{dash}Bí thư Huyện ủy; "
        f"đồng chí Lường Thị Chín{dash}Phó Bí thư, Chủ tịch UBND huyện."
    )
    _, attendees = people(text)
    assert attendees == [
        ("Đinh Văn Tám", "Bí thư Huyện ủy"),
        ("Lường Thị Chín", "Phó Bí thư, Chủ tịch UBND huyện"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Đồng chí Vi Văn Mười, Tổng Bí thư dự và chủ trì hội nghị.", "chair"),
        ("Chủ trì hội nghị và trực tiếp quán triệt là đồng chí Vi Văn Mười, Bí thư.", "chair"),
        ("Đồng chí Vi Văn Mười- Trưởng ban tham dự và quán triệt nghị quyết.", "speaker"),
        ("Hội nghị nghe đồng chí Vi Văn Mười, Phó Trưởng ban phổ biến kế hoạch.", "speaker"),
        ("Đồng chí Vi Văn Mười, Bí thư Huyện ủy đã đọc diễn văn kỷ niệm.", "speaker"),
        ("Chánh Văn phòng Vi Văn Mười thông tin về kế hoạch của Đảng đoàn.", "speaker"),
    ],
)
def test_roles_from_the_verbs_reports_use(text, expected):
    speakers, _ = people(text)
    assert [(name, role) for name, _, role in speakers] == [("Vi Văn Mười", expected)]


def test_degrees_ranks_and_highland_names():
    text = (
        "Dự hội nghị có các đồng chí: TS. Hà Minh Tâm, Giám đốc Học viện; "
        "PGS.TS Đoàn Thu Hà, Phó Giám đốc; Đại tá Kha Văn Lực, Chính ủy; Y Khăm Niê, Phó Chủ tịch."
    )
    _, attendees = people(text)
    assert [name for name, _ in attendees] == [
        "Hà Minh Tâm",
        "Đoàn Thu Hà",
        "Kha Văn Lực",
        "Y Khăm Niê",
    ]
    speakers, _ = people("Đồng chí A Sang, Trưởng Ban Xây dựng Đảng, quán triệt Chỉ thị.")
    assert speakers[0][0] == "A Sang"
    speakers, _ = people("Đồng chí Sùng A Chá – Phó Bí thư Huyện ủy chủ trì hội nghị.")
    assert speakers[0][:3:2] == ("Sùng A Chá", "chair")


def test_a_list_continued_after_semicolons_shares_its_verb():
    text = (
        "Tại điểm cầu Công an tỉnh, Đại tá Mạc Văn Hùng, Phó Giám đốc Công an tỉnh dự; "
        "Thượng tá Ninh Thị Hoa, Trưởng phòng; đồng chí bí thư các chi bộ dự hội nghị."
    )
    _, attendees = people(text)
    assert attendees == [
        ("Mạc Văn Hùng", "Phó Giám đốc Công an tỉnh"),
        ("Ninh Thị Hoa", "Trưởng phòng"),
    ]


# --- Connection points ---------------------------------------------------------------


def points(text):
    data = extract("Tiêu đề\nNgày 3/4/2023, Ban Bí thư tổ chức hội nghị trực tuyến.\n" + text)
    return [(p["name"], p["place"], p["central"]) for p in data["connection_points"]]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Tại điểm cầu Bộ Tài chính, dự hội nghị có lãnh đạo Bộ.", "Bộ Tài chính"),
        (
            "Tại điểm cầu Đảng ủy Công an Trung ương có các đồng chí lãnh đạo.",
            "Đảng ủy Công an Trung ương",
        ),
        (
            "Dự tại điểm cầu Học viện Hành chính Quốc gia, tham dự có lãnh đạo.",
            "Học viện Hành chính Quốc gia",
        ),
        ("Tại điểm cầu Hội trường 3-2 có các đồng chí lãnh đạo.", "Hội trường 3-2"),
        ("Dự tại điểm cầu trụ sở Ủy ban Dân tộc có lãnh đạo Ủy ban.", "trụ sở Ủy ban Dân tộc"),
    ],
)
def test_a_point_s_name_is_not_cut_at_its_lower_case_syllables(text, name):
    assert points(text)[0][0] == name


def test_every_point_of_a_list_or_of_and():
    assert [p[0] for p in points("Hội nghị nối tại 3 điểm cầu Hà Nội, Đà Nẵng và Cần Thơ.")] == [
        "Hà Nội",
        "Đà Nẵng",
        "Cần Thơ",
    ]
    found = points("Lãnh đạo dự tại điểm cầu Thành ủy Vinh và điểm cầu Huyện ủy Nam Đàn.")
    assert [p[0] for p in found] == ["Thành ủy Vinh", "Huyện ủy Nam Đàn"]


def test_a_provincial_hall_is_a_local_point_and_the_national_room_is_central():
    found = points(
        "Điểm cầu chính tại phòng họp Diên Hồng (Nhà Quốc hội) kết nối các tỉnh. "
        "Dự tại điểm cầu Trung tâm Hội nghị tỉnh Gia Lai có lãnh đạo tỉnh. "
        "Tại điểm cầu Trung ương, Tổng Bí thư phát biểu."
    )
    assert found == [
        ("phòng họp Diên Hồng (Nhà Quốc hội)", "Hà Nội", True),
        ("Trung tâm Hội nghị tỉnh Gia Lai", "Gia Lai", False),
    ]
    # Named alone, the national point is "Trung ương".
    assert points("Dự tại điểm cầu Trung ương có các đồng chí lãnh đạo.") == [
        ("Trung ương", "Hà Nội", True)
    ]


def test_counts_and_generic_points_name_no_point():
    text = "Hội nghị nối tới 63 điểm cầu Công an các địa phương và 1.200 điểm cầu cấp xã."
    assert points(text) == []


def test_the_district_written_after_a_commune_point_is_where_it_is():
    found = points("Dự tại điểm cầu xã Tân Lập, huyện Mộc Châu có lãnh đạo xã.")
    assert [p[0] for p in found] == ["xã Tân Lập"]


# --- Outlet, byline, captions ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, outlet",
    [
        ("Tiêu đề\n(Baoxyz.vn) - Sáng 3/4/2023, Tỉnh ủy tổ chức hội nghị.", "Baoxyz.vn"),
        ("Tiêu đề\nVOV.VN - Ngày 3/4/2023, Tỉnh ủy tổ chức hội nghị.", "VOV.VN"),
        ("Tiêu đề\n(ABC)- Sáng 3/4/2023, Tỉnh ủy tổ chức hội nghị.", "ABC"),
        ("Tiêu đề\nHà Nội (TTXVN) - Sáng 3/4/2023, Bộ Chính trị tổ chức hội nghị.", "TTXVN"),
        ("Tiêu đề\nNgày 3/4/2023, Tỉnh ủy tổ chức hội nghị.\nThu Hà\nBáo Bắc Ninh", "Báo Bắc Ninh"),
        (
            "Tiêu đề\nNgày 3/4/2023, Tỉnh ủy tổ chức hội nghị.\n(binhthuan.gov.vn)",
            "binhthuan.gov.vn",
        ),
        ("Tiêu đề\nNgày 3/4/2023, Tỉnh ủy tổ chức hội nghị.\nTheo Báo Lào Cai", "Báo Lào Cai"),
        # A place before the dateline is no outlet.
        ("Tiêu đề\nHà Nội - Sáng 3/4/2023, Bộ Chính trị tổ chức hội nghị.", None),
        ("Tiêu đề\nSáng 3/4/2023, Tỉnh ủy tổ chức hội nghị.", None),
        ("Tiêu đề\nBaosonha-Sáng nay, 3/4/2023, Tỉnh ủy tổ chức hội nghị.", "Baosonha"),
        ("Tiêu đề\nHuế - Sáng 3/4/2023, Tỉnh ủy tổ chức hội nghị.", None),
    ],
)
def test_the_outlet_named_at_the_start_or_the_end(text, outlet):
    assert extract(text)["source_outlet"] == outlet


def test_a_byline_under_the_title_and_no_byline_from_a_cut_line():
    data = extract("Tiêu đề\nMinh Châu\n\nNgày 3/4/2023, Tỉnh ủy tổ chức hội nghị cán bộ.")
    assert data["author"] == "Minh Châu" and "Minh Châu" not in data["body"]
    data = extract("Tiêu đề\nNgày 3/4/2023, Tỉnh ủy tổ chức hội nghị cán bộ.\nQuang")
    assert data["author"] is None


def test_photo_captions_are_never_body_paragraphs():
    text = (
        "Hội nghị quán triệt nghị quyết\n\nHội nghị quán triệt nghị quyết\n\n"
        "Sáng 3/4/2023, Huyện ủy tổ chức hội nghị quán triệt nghị quyết cho cán bộ chủ chốt.\n"
        "Quang cảnh hội nghị tại điểm cầu huyện\n"
        "Hội nghị nghe quán triệt những nội dung cơ bản của nghị quyết. Các đại biểu đã thảo "
        "luận sôi nổi.\n"
        "Nghị quyết về phát triển văn hóa, nhấn mạnh yêu cầu chủ động, sáng tạo, nâng cao vị "
        "thế của đất nước trên trường quốc tế trong giai đoạn mới hiện nay.\n"
        "Đồng chí Bí thư Huyện ủy phát biểu kết luận. Ảnh: Thu Hà\n"
        "Tại điểm cầu xã Tân Lập, đồng chí Lò Văn Khải, Bí thư Đảng ủy xã chủ trì.\n"
        "- Nghị quyết Đại hội Đảng bộ huyện lần thứ nhất.\n"
        "Trong khuôn khổ hội nghị, các đại biểu đã nghe trình bày tham lu"
    )
    data = extract(text)
    assert data["photo_captions"] == [
        "Quang cảnh hội nghị tại điểm cầu huyện",
        "Đồng chí Bí thư Huyện ủy phát biểu kết luận. Ảnh: Thu Hà",
    ]
    assert data["body"].count("Hội nghị quán triệt nghị quyết") == 0


# --- Documents --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cited, expected",
    [
        (
            "Kết luận 21 về xây dựng Đảng và Quy định 37 về những điều đảng viên không được "
            "làm của Ban Chấp hành Trung ương",
            ["21-KL/TW", "37-QĐ/TW"],
        ),
        ("Kết luận số 3, Quy định số 9 của BCH TW khóa XIII", ["3-KL/TW", "9-QĐ/TW"]),
        (
            "Nghị quyết số 11, Chỉ thị số 41 và Chỉ thị 42 của Ban Bí thư",
            ["11-NQ/TW", "41-CT/TW", "42-CT/TW"],
        ),
        # The first "của" of the clause names no issuer: nothing is made up.
        ("Chỉ thị 05 về học tập và làm theo tư tưởng của Chủ tịch Hồ Chí Minh", []),
        ("Kế hoạch số 3 nghiêm túc. Văn bản của Bộ Chính trị", []),
    ],
)
def test_type_word_and_number_with_the_issuer_written_once(cited, expected):
    data = extract(f"Tiêu đề\nNgày 3/4/2023, Huyện ủy quán triệt {cited}.")
    assert [d["code"] for d in data["documents"]] == expected


def test_the_type_word_decides_a_mistyped_code():
    data = extract(
        "Tiêu đề\nNgày 3/4/2023, triển khai Kết luận số 01-CT/TW và Quy định số 08-QĐi/TW."
    )
    assert [d["code"] for d in data["documents"]] == ["1-KL/TW", "8-QĐI/TW"]


# --- The contract ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "Tiêu đề", "Tiêu đề\nNgày 3/4/2023, Tỉnh ủy tổ chức hội nghị."]
)
def test_the_result_has_exactly_the_keys_of_its_typed_contract(text):
    from typing import get_type_hints

    from archive.extracted import Extraction, Speaker

    data = extract(text)
    assert set(data) == set(get_type_hints(Extraction))
    speakers = extract("Tiêu đề\nĐồng chí Lò Văn Khải, Bí thư Tỉnh ủy chủ trì hội nghị.")[
        "speakers"
    ]
    assert set(speakers[0]) == set(get_type_hints(Speaker))


def test_a_plenum_without_a_known_date_leaves_the_year_unknown_rather_than_the_term_s():
    # Plenum 19 of term XIII has no date in the reference data: the term's first
    # year would be a guess, so the year stays unknown.
    text = "Tiêu đề\nSáng 5/12, Tỉnh ủy quán triệt Nghị quyết Hội nghị Trung ương 19 khóa XIII."
    data = extract(text)
    assert (data["event_date"], data["date_precision"]) == (None, "unknown")


def test_a_lower_case_shared_title_and_a_surname_we_do_not_list():
    _, attendees = people(
        "Tham dự hội nghị có các ủy viên Bộ Chính trị: Chủ tịch nước Lò Văn Khải, "
        "Thủ tướng Chính phủ Đặng Quốc Bảo."
    )
    assert [name for name, _ in attendees] == ["Lò Văn Khải", "Đặng Quốc Bảo"]
    _, attendees = people(
        "Tại điểm cầu Tỉnh ủy, dự hội nghị có các đồng chí: Mai Văn Sáu – Bí thư Tỉnh ủy; "
        "Siu Thị Hlim – Phó Bí thư Tỉnh ủy; Kpă Thuyên – Trưởng Ban Dân vận Tỉnh ủy."
    )
    assert [name for name, _ in attendees] == ["Mai Văn Sáu", "Siu Thị Hlim", "Kpă Thuyên"]


def test_a_ministry_point_keeps_its_last_syllable_and_a_spelled_out_stamp_is_read():
    assert points("Trung tướng Lê Văn Hai chủ trì tại điểm cầu Bộ Quốc phòng.")[0][0] == (
        "Bộ Quốc phòng"
    )
    text = (
        "09 giờ:05 phút Thứ ba, ngày 12 tháng 10 , 2021\n\nTiêu đề\n\n"
        "Chiều 11-10, Ban Tuyên giáo Trung ương tổ chức hội nghị."
    )
    data = extract(text)
    assert (data["title"], data["published"], data["event_date"]) == (
        "Tiêu đề",
        "2021-10-12T09:05",
        "2021-10-11",
    )
