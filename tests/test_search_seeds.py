"""Relevance on the five real seed reports, imported through the real
import path and indexed by the real engine (issue: quality)."""

from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from archive.importing import import_paths
from archive.models import Report
from search import engine, indexing

GOLDEN = Path(__file__).parent / "golden"
SEEDS = sorted(GOLDEN.glob("*.txt"))


class SeedRelevanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("loaddata", "reference", verbosity=0)
        for _path, outcome in import_paths(SEEDS):
            assert outcome.status == "imported", outcome.message
        cls.by_seed = {
            path.name[:3]: Report.objects.get(original_filename=path.name).pk for path in SEEDS
        }

    def setUp(self):
        engine.reset()
        indexing.rebuild()

    def ids(self, q, **params):
        data = self.client.get("/api/search/", {"q": q, **params}).json()
        return [r["id"] for r in data["results"]]

    def test_resolution_number_puts_the_mong_cai_report_first(self):
        for q in ("26-NQ/TW", "nghi quyet 26", "26-nq/tw", "NQ 26", "nghị quyết số 26"):
            with self.subTest(q=q):
                self.assertEqual(self.ids(q)[:1], [self.by_seed["000"]])

    def test_regulation_205_finds_its_report(self):
        self.assertEqual(self.ids("quy dinh 205")[:1], [self.by_seed["003"]])

    def test_plenum_8_term_13_finds_the_hai_phong_report(self):
        self.assertEqual(self.ids("trung uong 8 khoa 13")[:1], [self.by_seed["001"]])
        self.assertEqual(self.ids("hội nghị lần thứ tám khóa XIII")[:1], [self.by_seed["001"]])

    def test_plenum_7_term_12_finds_both_reports_about_it(self):
        self.assertCountEqual(
            self.ids("trung ương 7 khóa XII")[:2], [self.by_seed["000"], self.by_seed["002"]]
        )

    def test_a_code_in_no_report_returns_nothing(self):
        data = self.client.get("/api/search/", {"q": "99-NQ/TW"}).json()
        self.assertEqual(data["count"], 0)
        self.assertTrue(data["unknown_document"])

    def test_dien_hong_finds_both_reports_broadcast_from_there_first(self):
        self.assertCountEqual(self.ids("dien hong")[:2], [self.by_seed["000"], self.by_seed["001"]])

    def test_people_and_places_are_found_without_diacritics(self):
        self.assertEqual(self.ids("pham minh tan")[:1], [self.by_seed["003"]])
        self.assertEqual(self.ids("ha giang")[:1], [self.by_seed["004"]])

    def test_facets_carry_seed_facts(self):
        facets = self.client.get("/api/search/", {"q": ""}).json()["facets"]
        self.assertIn(["2018", 3], facets["year"])
        provinces = dict(facets["province"])
        self.assertIn("hai-phong", provinces)
        self.assertIn("quang-ninh", provinces)
