"""Reference tables for the synthetic benchmark corpus (archive/corpus.py):
places, names, positions, plenums and documents, and the phrases reports use.

The documents are a fixed catalogue (independent of the corpus seed) so that the
benchmark's query set can name codes that are certainly in every corpus.
"""

import datetime
import random
from dataclasses import dataclass, field

# --- places ------------------------------------------------------------------

# The 63 provinces and centrally-run cities before the mergers of 1 July 2025.
PROVINCES = (
    "An Giang|Bà Rịa - Vũng Tàu|Bạc Liêu|Bắc Giang|Bắc Kạn|Bắc Ninh|Bến Tre|Bình Dương|"
    "Bình Định|Bình Phước|Bình Thuận|Cà Mau|Cao Bằng|Cần Thơ|Đà Nẵng|Đắk Lắk|Đắk Nông|"
    "Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai|Hà Giang|Hà Nam|Hà Nội|Hà Tĩnh|Hải Dương|Hải Phòng|"
    "Hậu Giang|Hòa Bình|Hưng Yên|Khánh Hòa|Kiên Giang|Kon Tum|Lai Châu|Lâm Đồng|Lạng Sơn|"
    "Lào Cai|Long An|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|Phú Yên|Quảng Bình|"
    "Quảng Nam|Quảng Ngãi|Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|Thái Bình|"
    "Thái Nguyên|Thanh Hóa|Thừa Thiên Huế|Tiền Giang|Thành phố Hồ Chí Minh|Trà Vinh|"
    "Tuyên Quang|Vĩnh Long|Vĩnh Phúc|Yên Bái"
).split("|")
# The 34 units after 1 July 2025 (Huế became a centrally-run city on 1 January 2025).
PROVINCES_2025 = (
    "Hà Nội|Huế|Lai Châu|Điện Biên|Sơn La|Lạng Sơn|Quảng Ninh|Thanh Hóa|Nghệ An|Hà Tĩnh|"
    "Cao Bằng|Tuyên Quang|Lào Cai|Thái Nguyên|Phú Thọ|Bắc Ninh|Hưng Yên|Hải Phòng|Ninh Bình|"
    "Quảng Trị|Đà Nẵng|Quảng Ngãi|Gia Lai|Khánh Hòa|Lâm Đồng|Đắk Lắk|Thành phố Hồ Chí Minh|"
    "Đồng Nai|Tây Ninh|Cần Thơ|Vĩnh Long|Đồng Tháp|Cà Mau|An Giang"
).split("|")
assert len(PROVINCES) == 63 and len(PROVINCES_2025) == 34
CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Thành phố Hồ Chí Minh", "Huế"}
MERGER_DATE = datetime.date(2025, 7, 1)
HUE_CITY_DATE = datetime.date(2025, 1, 1)

# A few districts per province: (kind, name); kind decides Huyện ủy / Thị ủy / Thành ủy.
DISTRICTS = {}
for _entry in (
    "Quảng Ninh:tp Móng Cái,tp Cẩm Phả,tp Uông Bí,h Tiên Yên|Hà Giang:h Vị Xuyên,h Bắc Quang,"
    "h Đồng Văn|Lào Cai:tx Sa Pa,h Bát Xát|Quảng Nam:tx Điện Bàn,tp Hội An,h Núi Thành|"
    "Ninh Bình:tp Tam Điệp,h Kim Sơn|Thanh Hóa:tp Sầm Sơn,h Quảng Xương,h Thọ Xuân|"
    "Nghệ An:tx Cửa Lò,h Quỳnh Lưu,h Nam Đàn|Hải Phòng:h Thủy Nguyên,q Hồng Bàng,h Tiên Lãng|"
    "Hà Nội:h Đông Anh,h Sóc Sơn,q Hoàn Kiếm,q Cầu Giấy|Thành phố Hồ Chí Minh:h Củ Chi,"
    "h Cần Giờ,q Gò Vấp|Kiên Giang:tp Phú Quốc,h Giồng Riềng|An Giang:tp Châu Đốc,h Chợ Mới|"
    "Lâm Đồng:tp Bảo Lộc,h Đơn Dương|Đắk Lắk:tx Buôn Hồ,h Krông Pắc|Gia Lai:tx Ayun Pa,h Chư Sê|"
    "Khánh Hòa:tp Cam Ranh,h Vạn Ninh|Bình Định:h Tuy Phước,tx An Nhơn|Quảng Ngãi:h Lý Sơn,"
    "h Bình Sơn|Sơn La:h Mộc Châu,h Mai Sơn|Lai Châu:h Mường Tè,h Tam Đường|Cao Bằng:h Trùng "
    "Khánh,h Hòa An|Bình Phước:tp Đồng Xoài,h Lộc Ninh|Tiền Giang:tx Gò Công,h Cái Bè|"
    "Thái Bình:h Vũ Thư,h Kiến Xương|Nam Định:h Hải Hậu,h Giao Thủy|Bắc Giang:h Lục Ngạn,"
    "h Yên Thế|Phú Thọ:tx Phú Thọ,h Thanh Sơn|Yên Bái:tx Nghĩa Lộ,h Văn Chấn|Đồng Tháp:"
    "tp Sa Đéc,h Tháp Mười|Cà Mau:h Năm Căn,h Ngọc Hiển|Thừa Thiên Huế:tx Hương Thủy,h Phú Vang"
).split("|"):
    _province, _items = _entry.split(":")
    DISTRICTS[_province] = [tuple(item.split(" ", 1)) for item in _items.split(",")]
_DISTRICT_UNIT = {"tp": "Thành ủy", "tx": "Thị ủy", "h": "Huyện ủy", "q": "Quận ủy"}
_DISTRICT_WORD = {"tp": "thành phố", "tx": "thị xã", "h": "huyện", "q": "quận"}
COMMUNES = (
    "Tân Lập|Hòa Bình|Quang Trung|Đông Hưng|Phú Lộc|Thanh Xuân|Bình Minh|An Phú|Hưng Đạo".split("|")
)


def party_unit(province):
    """ "Tỉnh ủy Nghệ An" / "Thành ủy Hải Phòng"."""
    short = "Thành phố Hồ Chí Minh" if province == "Thành phố Hồ Chí Minh" else province
    return f"{'Thành ủy' if province in CITIES else 'Tỉnh ủy'} {short}"


def organiser(rng, level, province, unit, district):
    """(organiser as written in the lead, party unit of a connection point, place name)."""
    if level == "central":
        text = rng.choice(CENTRAL_ORGANISERS)
        return text, party_unit(province), province
    if level == "province":
        text = rng.choice(["Ban Thường vụ ", "", "Ban Tuyên giáo ", "Ban Tổ chức "]) + unit
        return text, unit, province
    if level == "district":
        kind, name = district
        du = f"{_DISTRICT_UNIT[kind]} {name}"
        return rng.choice(["Ban Thường vụ ", "", "Trung tâm Chính trị "]) + du, du, name
    commune = rng.choice(COMMUNES)
    word = rng.choice(["xã", "phường"])
    du = f"Đảng ủy {word} {commune}"
    return du, du, province


def point_name(rng, province, unit):
    r = rng.random()
    if r < 0.5:
        return f"điểm cầu {unit}"
    if r < 0.75:
        kind = "thành phố" if province in CITIES else "tỉnh"
        name = province.removeprefix("Thành phố ")
        return f"điểm cầu {kind} {name}"
    return f"đầu cầu {'thành phố' if province in CITIES else 'tỉnh'} {province.removeprefix('Thành phố ')}"


CENTRAL_ORGANISERS = [
    "Bộ Chính trị, Ban Bí thư",
    "Ban Bí thư Trung ương Đảng",
    "Ban Tổ chức Trung ương",
    "Ban Tuyên giáo Trung ương",
    "Ban Tuyên giáo và Dân vận Trung ương",
    "Ủy ban Kiểm tra Trung ương",
    "Văn phòng Trung ương Đảng",
]
CENTRAL_ROOMS = [
    "Phòng họp Diên Hồng, Nhà Quốc hội (Hà Nội)",
    "Hội trường Bộ Quốc phòng (Hà Nội)",
    "Trung tâm Hội nghị Quốc gia (Hà Nội)",
    "Hội trường Trụ sở Trung ương Đảng",
]

# --- people --------------------------------------------------------------------

SURNAMES = (
    "Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô "
    "Dương Lý Đào Trương Đinh Lương Thào Lò Hà Tạ Triệu Chu Mai Đoàn"
).split()
# First syllables of names in the seeds' sentences (to leave those sentences out).
SURNAMES_FILTER = sorted(set(SURNAMES))
MIDDLE_NAMES = "Văn Thị Minh Hồng Quốc Đức Thanh Ngọc Xuân Hữu Thế Đình Công Trọng Tiến Kim Anh Mạnh Việt Thu".split()
GIVEN_NAMES = (
    "Hùng Dũng Tấn Vượng Chính Mai Hiến Tùng Châu Giang Nghĩa Tài Sơn Bình Hằng Phương Hương "
    "Lan Thắng Thưởng Tuấn Cường Hải Hà Long Nam Quân Thành Trung Tâm Vinh Yến Nga Huệ Khánh "
    "Lợi Phúc Đạt Hòa Tú Linh Quang Hiếu Thảo Toàn"
).split()
PEN_NAMES = "Thu Hằng|Phi Anh|Lê Hương|Hoàng Tùng|Đàm Thanh|Minh Châu|Hà Linh|Quang Huy|Ngọc Mai|Thanh Tâm|Văn Đức|Bảo Ngọc".split(
    "|"
)
OFFICES = [
    "Trung tâm TTVH",
    "Ban Tuyên giáo Tỉnh ủy",
    "Báo {p}",
    "Cổng Thông tin điện tử tỉnh {p}",
    "Trung tâm Chính trị huyện",
]

CENTRAL_POSITIONS = [
    "Ủy viên Bộ Chính trị, Thường trực Ban Bí thư",
    "Ủy viên Bộ Chính trị, Trưởng Ban Tổ chức Trung ương",
    "Bí thư Trung ương Đảng, Trưởng Ban Tuyên giáo Trung ương",
    "Ủy viên Trung ương Đảng, Phó Trưởng Ban Tổ chức Trung ương",
    "Ủy viên Bộ Chính trị, Chủ nhiệm Ủy ban Kiểm tra Trung ương",
    "Ủy viên Trung ương Đảng, Bộ trưởng Bộ Nội vụ",
    "Ủy viên Trung ương Đảng, Bộ trưởng Bộ Lao động - Thương binh và Xã hội",
    "Phó Trưởng ban Thường trực Ban Tuyên giáo Trung ương",
    "Ủy viên Trung ương Đảng, Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh",
    "Ủy viên Bộ Chính trị, Phó Thủ tướng Chính phủ",
]
LOCAL_POSITIONS = [
    "Ủy viên Trung ương Đảng, Bí thư {u}",
    "Phó Bí thư Thường trực {u}",
    "Phó Bí thư TT {u}, Chủ tịch HĐND",
    "Phó Bí thư {u}, Chủ tịch UBND",
    "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo {u}",
    "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức {u}",
    "Ủy viên BTV {u}, Chủ nhiệm Ủy ban Kiểm tra {u}",
    "Phó Trưởng ban Tuyên giáo {u}",
    "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận {u}",
    "Báo cáo viên {u}",
    "Giám đốc Trung tâm Chính trị",
    "Bí thư {u}",
]


def positions(rng, level, unit, k):
    """``k`` distinct positions for the people of one report, chair first."""
    pool = list(CENTRAL_POSITIONS if level == "central" else LOCAL_POSITIONS)
    rng.shuffle(pool)
    out = [p.format(u=unit) for p in pool[:k]]
    return out


# --- plenums and documents -------------------------------------------------------

ROMANS = {10: "X", 11: "XI", 12: "XII", 13: "XIII", 14: "XIV"}
NUMBER_WORDS = {
    1: "nhất",
    2: "hai",
    3: "ba",
    4: "tư",
    5: "năm",
    6: "sáu",
    7: "bảy",
    8: "tám",
    9: "chín",
    10: "mười",
    11: "mười một",
    12: "mười hai",
    13: "mười ba",
    14: "mười bốn",
    15: "mười lăm",
    16: "mười sáu",
}


@dataclass
class Plenum:
    term: str
    number: int
    date: datetime.date
    documents: list = field(default_factory=list)


# Month of each plenum of terms X–XIV (approximate where not well known).
_PLENUM_MONTHS = {
    "X": "2006-04 2006-07 2006-08 2007-01 2007-07 2008-01 2008-07 2008-10 2009-01 2009-07 "
    "2009-12 2010-03 2010-07 2010-10 2011-01",
    "XI": "2011-01 2011-07 2011-10 2012-01 2012-05 2012-10 2013-05 2013-10 2014-05 2015-01 "
    "2015-03 2015-05 2015-12 2016-01",
    "XII": "2016-01 2016-04 2016-07 2016-10 2017-05 2017-10 2018-05 2018-10 2019-01 2019-05 "
    "2019-10 2020-03 2020-10 2020-12 2021-01",
    "XIII": "2021-02 2021-07 2021-07 2021-10 2022-05 2022-10 2023-05 2023-10 2024-05 2024-09 "
    "2025-04 2025-07 2025-10 2025-11 2025-12",
    "XIV": "2026-01 2026-03 2026-06",
}
PLENUMS = []
for _term, _months in _PLENUM_MONTHS.items():
    for _n, _ym in enumerate(_months.split(), start=1):
        _y, _m = map(int, _ym.split("-"))
        PLENUMS.append(Plenum(_term, _n, datetime.date(_y, _m, 10)))
_PLENUM_BY_KEY = {(p.term, p.number): p for p in PLENUMS}


@dataclass
class Doc:
    code: str
    type_word: str
    body: str
    subject: str
    issued: datetime.date
    issuer: str = ""


TYPE_WORDS = {
    "NQ": "Nghị quyết",
    "QĐ": "Quy định",
    "HD": "Hướng dẫn",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "TB": "Thông báo kết luận",
    "QC": "Quy chế",
    "KH": "Kế hoạch",
    "ĐA": "Đề án",
    "BC": "Báo cáo",
    "CTr": "Chương trình hành động",
}
BODIES = {
    "TW": [
        "Bộ Chính trị",
        "Ban Bí thư",
        "Ban Chấp hành Trung ương Đảng",
        "Ban Bí thư Trung ương Đảng",
    ],
    "BTCTW": ["Ban Tổ chức Trung ương"],
    "VPTW": ["Văn phòng Trung ương Đảng"],
    "UBKTTW": ["Ủy ban Kiểm tra Trung ương"],
    "BTGTW": ["Ban Tuyên giáo Trung ương"],
    "TU": ["Ban Thường vụ Tỉnh ủy", "Tỉnh ủy"],
    "HU": ["Ban Thường vụ Huyện ủy", "Huyện ủy"],
}

# Real documents: (code, issued, subject, plenum "XII-7" or "").
_REAL = """26-NQ/TW|2018-05-19|tập trung xây dựng đội ngũ cán bộ các cấp, nhất là cấp chiến lược, đủ phẩm chất, năng lực và uy tín, ngang tầm nhiệm vụ|XII-7
27-NQ/TW|2018-05-21|cải cách chính sách tiền lương đối với cán bộ, công chức, viên chức, lực lượng vũ trang và người lao động trong doanh nghiệp|XII-7
28-NQ/TW|2018-05-23|cải cách chính sách bảo hiểm xã hội|XII-7
18-NQ/TW|2017-10-25|một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả|XII-6
19-NQ/TW|2017-10-25|tiếp tục đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng và hiệu quả hoạt động của các đơn vị sự nghiệp công lập|XII-6
20-NQ/TW|2017-10-25|tăng cường công tác bảo vệ, chăm sóc và nâng cao sức khỏe nhân dân trong tình hình mới|XII-6
21-NQ/TW|2017-10-25|công tác dân số trong tình hình mới|XII-6
04-NQ/TW|2016-10-30|đẩy mạnh xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện tự diễn biến, tự chuyển hóa trong nội bộ|XII-4
10-NQ/TW|2017-06-03|phát triển kinh tế tư nhân trở thành một động lực quan trọng của nền kinh tế thị trường định hướng xã hội chủ nghĩa|XII-5
11-NQ/TW|2017-06-03|hoàn thiện thể chế kinh tế thị trường định hướng xã hội chủ nghĩa|XII-5
12-NQ/TW|2017-06-03|tiếp tục cơ cấu lại, đổi mới và nâng cao hiệu quả doanh nghiệp nhà nước|XII-5
36-NQ/TW|2018-10-22|Chiến lược phát triển bền vững kinh tế biển Việt Nam đến năm 2030, tầm nhìn đến năm 2045|XII-8
37-NQ/TW|2018-12-24|việc sắp xếp các đơn vị hành chính cấp huyện và cấp xã|
29-NQ/TW|2013-11-04|đổi mới căn bản, toàn diện giáo dục và đào tạo|XI-8
33-NQ/TW|2014-06-09|xây dựng và phát triển văn hóa, con người Việt Nam đáp ứng yêu cầu phát triển bền vững đất nước|XI-9
42-NQ/TW|2023-11-24|tiếp tục đổi mới, nâng cao chất lượng chính sách xã hội, đáp ứng yêu cầu sự nghiệp xây dựng và bảo vệ Tổ quốc trong giai đoạn mới|XIII-8
43-NQ/TW|2023-11-24|tiếp tục phát huy truyền thống, sức mạnh đại đoàn kết toàn dân tộc, xây dựng đất nước ta ngày càng phồn vinh, hạnh phúc|XIII-8
44-NQ/TW|2023-11-24|Chiến lược bảo vệ Tổ quốc trong tình hình mới|XIII-8
45-NQ/TW|2023-11-24|tiếp tục xây dựng và phát huy vai trò của đội ngũ trí thức đáp ứng yêu cầu phát triển đất nước nhanh và bền vững trong giai đoạn mới|XIII-8
57-NQ/TW|2024-12-22|đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia|
21-KL/TW|2021-10-25|đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy lùi, xử lý nghiêm cán bộ, đảng viên suy thoái|XIII-4
205-QĐ/TW|2019-09-23|việc kiểm soát quyền lực trong công tác cán bộ và chống chạy chức, chạy quyền|
21-HD/BTCTW|2019-10-21|kiểm điểm, đánh giá, xếp loại chất lượng hằng năm đối với tổ chức đảng, đảng viên và tập thể, cá nhân cán bộ lãnh đạo, quản lý các cấp|
26-HD/BTCTW|2019-10-24|một số nội dung Chỉ thị số 35-CT/TW của Bộ Chính trị về đại hội đảng bộ các cấp|
35-CT/TW|2019-05-30|đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng|
66-QĐ/TW|2017-02-06|thể loại, thẩm quyền ban hành và thể thức văn bản của Đảng|
36-HD/VPTW|2018-04-03|thể thức và kỹ thuật trình bày văn bản của Đảng|
05-CT/TW|2016-05-15|đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh|
102-QĐ/TW|2017-11-15|xử lý kỷ luật đảng viên vi phạm|
69-QĐ/TW|2022-07-06|kỷ luật tổ chức đảng, đảng viên vi phạm|
24-QĐ/TW|2021-07-30|thi hành Điều lệ Đảng|
22-QĐ/TW|2021-07-28|công tác kiểm tra, giám sát và kỷ luật của Đảng|
14-KL/TW|2021-07-22|chủ trương khuyến khích và bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung|
01-KL/TW|2021-05-18|tiếp tục thực hiện Chỉ thị số 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh|"""

SUBJECTS = [
    "tăng cường công tác kiểm tra, giám sát và kỷ luật của Đảng",
    "nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng",
    "đổi mới phương thức lãnh đạo của Đảng đối với hệ thống chính trị",
    "công tác bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch",
    "tăng cường công tác dân vận của Đảng trong tình hình mới",
    "nâng cao chất lượng sinh hoạt chi bộ",
    "công tác phát triển đảng viên",
    "đẩy mạnh cải cách hành chính, xây dựng chính quyền số",
    "phát triển nông nghiệp, nông dân, nông thôn",
    "công tác quy hoạch, luân chuyển cán bộ",
    "phòng, chống tham nhũng, tiêu cực",
    "thực hành tiết kiệm, chống lãng phí",
    "công tác bảo vệ chính trị nội bộ",
    "công tác đối ngoại của Đảng",
    "chuyển đổi số trong các cơ quan đảng",
    "công tác thông tin đối ngoại",
    "xây dựng tổ chức đảng và đoàn thể trong doanh nghiệp ngoài khu vực nhà nước",
    "tổng kết công tác xây dựng Đảng năm",
    "lãnh đạo công tác phòng, chống thiên tai",
    "bảo đảm an ninh, trật tự ở cơ sở",
]
_SYNTHETIC = [
    ("KL", "TW", 110),
    ("TB", "TW", 60),
    ("QĐ", "TW", 80),
    ("CT", "TW", 40),
    ("HD", "BTCTW", 50),
    ("HD", "VPTW", 20),
    ("HD", "UBKTTW", 20),
    ("HD", "BTGTW", 20),
    ("QC", "TW", 15),
    ("ĐA", "TW", 15),
    ("BC", "TW", 30),
    ("KH", "TW", 30),
    ("CTr", "TW", 15),
    ("NQ", "TW", 25),
]


def _catalogue():
    rng = random.Random("corpus-catalogue-1")
    docs = []
    for line in _REAL.splitlines():
        code, issued, subject, plenum = line.split("|")
        number, rest = code.split("-", 1)
        type_, issuer = rest.split("/")
        doc = Doc(code, TYPE_WORDS[type_], "", subject, datetime.date.fromisoformat(issued), issuer)
        docs.append(doc)
        if plenum:
            term, n = plenum.split("-")
            _PLENUM_BY_KEY[(term, int(n))].documents.append(code)
    used = {d.code for d in docs}
    start, end = datetime.date(2009, 6, 1).toordinal(), datetime.date(2026, 9, 30).toordinal()
    for type_, issuer, count in _SYNTHETIC:
        days = sorted(rng.randint(start, end) for _ in range(count))
        number = 0
        for day in days:
            number += rng.randint(1, 4)
            code = f"{number:02d}-{type_}/{issuer}"
            while code in used:
                number += 1
                code = f"{number:02d}-{type_}/{issuer}"
            used.add(code)
            issued = datetime.date.fromordinal(day)
            docs.append(Doc(code, TYPE_WORDS[type_], "", rng.choice(SUBJECTS), issued, issuer))
    docs.sort(key=lambda d: d.issued)
    return docs


CATALOGUE = _catalogue()
DOCS_BY_CODE = {d.code: d for d in CATALOGUE}


def _with_body(rng, doc):
    body = rng.choice(BODIES[doc.issuer])
    return Doc(doc.code, doc.type_word, body, doc.subject, doc.issued, doc.issuer)


# Documents that real reports cite again and again (and the query set looks for).
FAMOUS = ["26-NQ/TW", "27-NQ/TW", "28-NQ/TW", "205-QĐ/TW", "21-HD/BTCTW", "35-CT/TW", "04-NQ/TW"]


def documents_before(rng, date, k):
    """``k`` documents issued within five years before ``date``: mostly central ones from
    the catalogue (recent ones more likely), some local ones (KH/TU, CTr/HU ...)."""
    recent = [d for d in CATALOGUE if d.issued < date and (date - d.issued).days < 5 * 365]
    out = []
    famous = [DOCS_BY_CODE[c] for c in FAMOUS if DOCS_BY_CODE[c].issued < date]
    for _ in range(k):
        r = rng.random()
        if famous and r < 0.2:
            out.append(_with_body(rng, rng.choice(famous)))
        elif recent and r < 0.85:
            # Recent documents are the ones conferences study.
            doc = rng.choice(recent[-40:]) if rng.random() < 0.7 else rng.choice(recent)
            out.append(_with_body(rng, doc))
        else:
            type_ = rng.choice(["KH", "CTr", "ĐA", "BC", "HD", "TB", "NQ", "QĐ"])
            issuer = rng.choice(["TU", "TU", "HU"])
            issued = date - datetime.timedelta(days=rng.randint(5, 400))
            code = f"{rng.randint(1, 250):02d}-{type_}/{issuer}"
            out.append(
                Doc(
                    code,
                    TYPE_WORDS[type_],
                    rng.choice(BODIES[issuer]),
                    rng.choice(SUBJECTS),
                    issued,
                )
            )
    seen, unique = set(), []
    for d in out:
        if d.code not in seen:
            seen.add(d.code)
            unique.append(d)
    return unique


def plenum_before(rng, date):
    """A plenum held before ``date``: usually the latest, sometimes an earlier one."""
    held = [p for p in PLENUMS if (date - p.date).days > 12]
    if not held:
        return None
    back = 0 if rng.random() < 0.6 else rng.randint(1, min(6, len(held) - 1))
    return held[-1 - back]


# --- phrases -----------------------------------------------------------------------

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
FORMAT_WORDS = {
    "online": lambda rng: rng.choice(
        ["trực tuyến", "trực tuyến toàn quốc", "trực tuyến toàn tỉnh"]
    ),
    "hybrid": lambda rng: rng.choice(
        ["theo hình thức trực tiếp kết hợp trực tuyến", "trực tiếp kết hợp trực tuyến"]
    ),
    "in_person": lambda rng: rng.choice(["theo hình thức trực tiếp", "trực tiếp"]),
}
PURPOSES = [
    "học tập, quán triệt, triển khai",
    "nghiên cứu, học tập, quán triệt",
    "quán triệt, triển khai thực hiện",
    "thông báo nhanh kết quả và quán triệt",
    "sơ kết, đánh giá việc thực hiện",
    "tổng kết việc thực hiện",
]
LOCAL_AUDIENCES = [
    "các đồng chí trong Ban Thường vụ và cán bộ chủ chốt",
    "lãnh đạo các sở, ban, ngành, đoàn thể",
    "các đồng chí Ủy viên Ban Chấp hành Đảng bộ",
    "đông đảo cán bộ, đảng viên",
]
CAPTION_STARTS = [
    "Quang cảnh hội nghị",
    "Các đại biểu tham dự hội nghị",
    "Toàn cảnh hội nghị trực tuyến",
    "Đại biểu dự hội nghị",
]
TALK_STARTS = [
    "Tại hội nghị, các đại biểu đã nghe",
    "Hội nghị đã nghe",
    "Ngay sau khai mạc, hội nghị đã nghe",
    "Tại hội nghị, các đại biểu được nghe",
]
DOC_LEADS = [
    "Hội nghị cũng đã quán triệt",
    "Cùng với đó, các đại biểu được phổ biến",
    "Trước đó, cấp ủy đã ban hành",
    "Việc triển khai được thực hiện theo",
]
TOPICS = [
    "Những nội dung cơ bản, cốt lõi và điểm mới của Nghị quyết",
    "Tiếp tục đổi mới, nâng cao chất lượng công tác cán bộ",
    "Chiến lược bảo vệ Tổ quốc trong tình hình mới",
    "Đổi mới, nâng cao chất lượng chính sách xã hội",
    "Xây dựng và phát huy vai trò của đội ngũ trí thức",
    "Cải cách chính sách tiền lương và bảo hiểm xã hội",
    "Kiểm soát quyền lực trong công tác cán bộ",
    "Phát triển kinh tế tư nhân và hoàn thiện thể chế kinh tế thị trường",
    "Những vấn đề cấp bách về xây dựng Đảng hiện nay",
    "Chuyển đổi số và phát triển khoa học, công nghệ",
]
JUNK = [
    "",
    "",
    "Loading...",
    "BÌNH LUẬN\n\nVui lòng nhập bình luận của bạn\nVui lòng nhập tên của bạn ở đây",
    "Ý kiến bạn đọc",
    ",",
    "Chia sẻ\nIn bài viết",
    "Tin liên quan",
]


def date_phrase(rng, date):
    """The lead's date as reports write it, and whether the year is in it."""
    d, m, y = date.day, date.month, date.year
    part = rng.choice(["Sáng", "Chiều", "Sáng", "Ngày"])
    r = rng.random()
    if r < 0.4:
        return f"Ngày {d}/{m}/{y}", "exact"
    if r < 0.55:
        return f"Ngày {d:02d}/{m:02d}/{y}", "exact"
    if r < 0.7:
        return f"{part} ngày {d}/{m}/{y}", "exact"
    if r < 0.8:
        return f"{part} {d}-{m}-{y}", "exact"
    if r < 0.88:
        return f"Ngày {d} tháng {m} năm {y}", "exact"
    # Year left out: the text mentions the month and year later on.
    return rng.choice([f"Ngày {d}/{m}", f"Sáng {d}-{m}", f"Ngày {d}.{m}"]), "inferred"


def title(rng, subject, place, plenum, about_plenum, fmt):
    place = place.removeprefix("Thành phố ")
    short = subject if about_plenum else subject.split(";")[0].split(" của ")[0].split(" về ")[0]
    forms = [
        f"Hội nghị {'trực tuyến ' if fmt != 'in_person' else ''}quán triệt {short}",
        f"{place} quán triệt, triển khai {short}",
        f"Hội nghị học tập, quán triệt {short}",
        f"{place}: Hội nghị nghiên cứu, học tập {short}",
    ]
    if about_plenum and plenum is not None:
        forms.append(
            f"Hội nghị thông báo nhanh kết quả Hội nghị lần thứ {NUMBER_WORDS[plenum.number].capitalize()}"
            f" Ban Chấp hành Trung ương Đảng (khóa {plenum.term})"
        )
        if fmt == "online":
            forms.append(
                f"{place} tham dự Hội nghị toàn quốc học tập, quán triệt {short} "
                "qua đường truyền trực tuyến"
            )
    return rng.choice(forms)
