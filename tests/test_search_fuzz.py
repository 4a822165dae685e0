"""Random input never breaks search: 400 queries and parameter sets built
from Vietnamese letters, code fragments, operators and control characters."""

import random

from django.test import TestCase

from search import engine, indexing
from tests.factories import make_report

ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ĐÂÊÔƠƯ0123456789 -–/\\\"'“”()[]{}*?:+!~^&|.,;\t\n\x00\x07\u200b\ufeff\u0301"
)
PIECES = [
    "26-NQ/TW",
    "NQ",
    "QĐ",
    "khóa",
    "XII",
    "trung ương",
    "AND",
    "OR",
    "NOT",
    "năm:",
    "tỉnh:",
    '"',
    "lần thứ",
    "TW8",
    "HNTW",
    "số",
    "205",
    "-",
    "/",
    "T.Ư",
]


def random_query(rng):
    parts = []
    for _ in range(rng.randint(0, 8)):
        if rng.random() < 0.4:
            parts.append(rng.choice(PIECES))
        else:
            parts.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12))))
    query = " ".join(parts)
    if rng.random() < 0.05:
        query *= rng.randint(50, 500)
    return query


class FuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_report(
            "Hội nghị quán triệt 26-NQ/TW",
            body="Nghị quyết 26-NQ/TW về cán bộ.",
            event_date="2018-06-29",
            subject_documents=["26-NQ/TW"],
            plenums=["XII-7"],
            place="Quảng Ninh",
            speakers=[("Trần Quốc Vượng", "Thường trực", "")],
        )

    def setUp(self):
        engine.reset()
        indexing.rebuild()

    def test_random_queries_and_parameters_never_give_a_server_error(self):
        rng = random.Random(20261122)
        params_pool = [
            "year",
            "document",
            "type",
            "term",
            "plenum",
            "province",
            "speaker",
            "format",
            "sort",
            "page",
        ]
        for _ in range(400):
            params = {"q": random_query(rng)}
            for name in rng.sample(params_pool, rng.randint(0, 3)):
                params[name] = (
                    random_query(rng)[:300] if rng.random() < 0.7 else str(rng.randint(-5, 3000))
                )
            for url in ("/tim-kiem/", "/api/search/"):
                response = self.client.get(url, params)
                self.assertIn(response.status_code, (200, 400), (url, params))

    def test_random_list_filters_never_give_a_server_error(self):
        rng = random.Random(7)
        for _ in range(200):
            params = {
                name: random_query(rng)[:200]
                for name in rng.sample(
                    ["year", "term", "plenum", "document", "province", "speaker", "page", "type"],
                    rng.randint(1, 4),
                )
            }
            for url in ("/bai/", "/van-ban/", "/nguoi/", "/dia-phuong/"):
                response = self.client.get(url, params)
                self.assertIn(response.status_code, (200, 400, 404), (url, params))
