"""The documents and plenums of the synthetic benchmark corpus (bench/corpus.py).

A fixed catalogue, independent of the corpus seed, so that the benchmark's query set
can name codes that are in every corpus: real documents that reports cite again and
again (26-NQ/TW, 205-QĐ/TW …) and synthetic ones of every type and issuer.
"""

import datetime
import random
from dataclasses import dataclass, field

ROMANS = {8: "VIII", 9: "IX", 10: "X", 11: "XI", 12: "XII", 13: "XIII", 14: "XIV"}
# Earlier resolutions that reports measure the new ones against.
HISTORIC = [
    ("VIII", 3, "Chiến lược cán bộ thời kỳ đẩy mạnh công nghiệp hoá, hiện đại hoá đất nước"),
    ("VIII", 5, "xây dựng và phát triển nền văn hoá Việt Nam tiên tiến, đậm đà bản sắc dân tộc"),
    ("IX", 5, "đổi mới, nâng cao chất lượng hệ thống chính trị ở cơ sở xã, phường, thị trấn"),
    ("IX", 7, "phát huy sức mạnh đại đoàn kết toàn dân tộc vì dân giàu, nước mạnh"),
]
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
    "VIII": "1996-07 1996-12 1997-06 1997-12 1998-07 1998-10 1999-08 1999-10 2000-04 2000-07 "
    "2001-01 2001-04",
    "IX": "2001-04 2001-07 2001-08 2001-11 2002-03 2002-07 2003-01 2003-07 2004-01 2004-07 "
    "2005-01 2005-07 2005-10 2006-04",
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


def plenum_by_key(term, number):
    return _PLENUM_BY_KEY[(term, number)]


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
