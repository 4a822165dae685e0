"""Connection points written "xã X" / "phường X" get the province of the one
2025 commune of that name (archive/communes.py, vietnam-provinces)."""

from archive import communes
from archive.extract import extract


def test_a_commune_written_with_its_kind_gives_its_province():
    assert communes.province_of("xã Phú Thiện") == "Gia Lai"
    assert communes.province_of("Đảng ủy phường Hoàn Kiếm") == "Hà Nội"
    assert communes.province_of("UBND Xã Phú Thiện, huyện Phú Thiện") == "Gia Lai"
    # One name, two kinds in two provinces: the kind written decides.
    assert communes.province_of("xã Hà Đông") == "Hải Phòng"
    assert communes.province_of("phường Hà Đông") == "Hà Nội"


def test_a_bare_shared_or_old_name_gives_nothing():
    # A hall, not the ward of that name in another province.
    assert communes.province_of("phòng họp Diên Hồng") is None
    # The kind must be the one written: Hoàn Kiếm is a phường, not a xã.
    assert communes.province_of("xã Hoàn Kiếm") is None
    # Pre-2025 districts are not in the package.
    assert communes.province_of("Huyện ủy Mai Sơn") is None
    shared = [key for key, provinces in communes.communes().items() if len(set(provinces)) > 1]
    kind, name = shared[0]
    written = {"xa": "xã", "phuong": "phường", "dac khu": "đặc khu"}[kind]
    assert communes.province_of(f"{written} {name}") is None


def test_a_commune_connection_point_is_placed_in_its_province():
    text = (
        "Hội nghị quán triệt nghị quyết\n\n"
        "Sáng 12/9/2025, Đảng ủy xã tổ chức hội nghị trực tuyến quán triệt Nghị quyết "
        "Đại hội. Dự và chủ trì tại điểm cầu xã Phú Thiện có đồng chí Lê Văn Tám, Bí thư "
        "Đảng ủy xã."
    )
    points = extract(text)["connection_points"]
    assert [(p["name"], p["place"]) for p in points] == [("xã Phú Thiện", "Gia Lai")]
