"""A connection point that is a province goes by the province's short name
whatever the outlet wrote ("TP.HCM", "thành phố Hồ Chí Minh", "tỉnh Lạng Sơn"),
keeping what was written; a place after a building's name is where it is."""

import pytest

from archive import reference
from archive.extract import extract


def points(text):
    return [
        (p["name"], p["place"], p.get("as_written")) for p in extract(text)["connection_points"]
    ]


@pytest.mark.parametrize(
    "written, province",
    [
        ("TP.HCM", "Thành phố Hồ Chí Minh"),
        ("thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("tp. Đà Nẵng", "Đà Nẵng"),
        ("tỉnh Lạng Sơn", "Lạng Sơn"),
        ("TỈNH LẠNG SƠN", "Lạng Sơn"),
        ("Hà Nội", "Hà Nội"),
        # The provincial capital, a body in the province, a city written as a province.
        ("Thành phố Lào Cai", None),
        ("Công an Thanh Hóa", None),
        ("tỉnh Hà Nội", None),
    ],
)
def test_province_itself(written, province):
    assert reference.province_itself(written) == province


def test_outlets_spellings_of_one_province_make_one_name():
    one = points(
        "Sáng 12/3/2024, Tỉnh ủy tổ chức hội nghị trực tuyến quán triệt Nghị quyết số "
        "57-NQ/TW. Hội nghị được kết nối tới điểm cầu TP.HCM và điểm cầu tỉnh Lạng Sơn."
    )
    other = points(
        "Ngày 12-3-2024, hội nghị trực tuyến quán triệt Nghị quyết 57-NQ/TW được nối "
        "tới điểm cầu Lạng Sơn, điểm cầu thành phố Hồ Chí Minh cùng nhiều địa phương."
    )
    assert one == [
        ("TP Hồ Chí Minh", "Thành phố Hồ Chí Minh", "TP.HCM"),
        ("Lạng Sơn", "Lạng Sơn", "tỉnh Lạng Sơn"),
    ]
    assert {name for name, _, _ in other} == {"Lạng Sơn", "TP Hồ Chí Minh"}


def test_a_capital_is_not_its_province():
    got = points(
        "Chiều 2/4/2024, hội nghị được nối tới điểm cầu thành phố Lào Cai và điểm cầu tỉnh Lào Cai."
    )
    assert got == [("thành phố Lào Cai", "Lào Cai", None), ("Lào Cai", "Lào Cai", "tỉnh Lào Cai")]


def test_place_after_a_building_is_where_it_is():
    assert points("Chiều 5-6-2023, hội nghị được kết nối tới điểm cầu Hội trường 2-9, Hà Nội.") == [
        ("Hội trường 2-9", "Hà Nội", None)
    ]
    # After a point that is a place, the next place is another point.
    assert points(
        "Chiều 5-6-2023, hội nghị được kết nối tới các điểm cầu Huế, Hà Nội và Đà Nẵng."
    ) == [("Huế", "Huế", None), ("Hà Nội", "Hà Nội", None), ("Đà Nẵng", "Đà Nẵng", None)]


@pytest.mark.django_db
def test_report_holding_the_written_name_gets_no_second_point():
    from archive import importing
    from archive.reextraction import reextract

    text = (
        "Hội nghị quán triệt Nghị quyết 57-NQ/TW\n\n"
        "Sáng 12/3/2024, Tỉnh ủy Quảng Trị tổ chức hội nghị trực tuyến quán triệt Nghị "
        "quyết số 57-NQ/TW. Hội nghị được kết nối tới điểm cầu tỉnh Lạng Sơn."
    )
    report = importing.import_text(text, publish=False).report
    assert [p.name for p in report.connection_points.all()] == ["Lạng Sơn"]
    # As a report imported before points were named by their province holds it.
    report.connection_points.update(name="tỉnh Lạng Sơn")
    reextract(report)
    assert [p.name for p in report.connection_points.all()] == ["tỉnh Lạng Sơn"]
