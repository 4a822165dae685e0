"""Reference tables for the synthetic benchmark corpus (bench/corpus.py):
places, names, positions and the phrases reports use (documents and plenums:
bench/corpus_catalogue.py).
"""

import datetime

from bench import corpus_catalogue as C

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
            f"Hội nghị thông báo nhanh kết quả Hội nghị lần thứ {C.NUMBER_WORDS[plenum.number].capitalize()}"
            f" Ban Chấp hành Trung ương Đảng (khóa {plenum.term})"
        )
        if fmt == "online":
            forms.append(
                f"{place} tham dự Hội nghị toàn quốc học tập, quán triệt {short} "
                "qua đường truyền trực tuyến"
            )
    return rng.choice(forms)
