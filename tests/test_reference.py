"""`make run` loads reference data without undoing staff edits; the
reference fixture is complete and every fact in it has its source."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from archive.models import Place, Plenum, Term


class LoadReferenceTests(TestCase):
    def test_loading_twice_adds_nothing_and_keeps_staff_edits(self):
        call_command("load_reference", stdout=StringIO())
        counts = (Term.objects.count(), Plenum.objects.count(), Place.objects.count())
        self.assertGreaterEqual(counts[0], 7)
        term = Term.objects.get(roman="XII")
        term.start_year = 1999  # a staff correction in the admin
        term.save()
        Place.objects.filter(slug="ha-giang").delete()
        out = StringIO()
        call_command("load_reference", stdout=out)
        self.assertEqual(Term.objects.get(roman="XII").start_year, 1999)
        self.assertTrue(Place.objects.filter(slug="ha-giang").exists())
        self.assertIn("1 added", out.getvalue())


class LoadReferenceKeepsAndCompletesTests(TestCase):
    def test_matches_rows_by_what_identifies_them_and_fills_only_empty_fields(self):
        from archive.models import Document

        # Before the reference is loaded: an imported report's document holds
        # the primary key the fixture gives another, and a document known by its
        # code only; staff typed a subject of their own on a third.
        Document.objects.create(pk=1, code="12-CT/TU", subject="Văn bản của tỉnh")
        known = Document.objects.create(code="3-CT/TW")
        staff = Document.objects.create(code="144-QĐ/TW", year=2024, subject="Sửa bởi biên tập")
        call_command("load_reference", stdout=StringIO())
        self.assertEqual(Document.objects.get(pk=1).code, "12-CT/TU")
        self.assertTrue(Document.objects.filter(code="26-NQ/TW", year=2018).exists())
        known.refresh_from_db()
        self.assertEqual((known.year, known.issue_date.isoformat()), (2011, "2011-05-14"))
        self.assertEqual(known.slug, "3-ct-tw-2011")
        self.assertTrue(known.source.startswith("http"))
        staff.refresh_from_db()
        self.assertEqual(staff.subject, "Sửa bởi biên tập")  # kept
        self.assertEqual(staff.issue_date.isoformat(), "2024-05-09")  # was empty: filled
        plenum = Plenum.objects.get(term__roman="XII", number=7)
        plenum.start_date = None  # staff cleared a date; they may also correct one
        plenum.summary = "Tóm tắt của biên tập"
        plenum.save()
        counts = Document.objects.count(), Plenum.objects.count()
        out = StringIO()
        call_command("load_reference", stdout=out)
        self.assertEqual((Document.objects.count(), Plenum.objects.count()), counts)
        plenum.refresh_from_db()
        self.assertEqual(plenum.summary, "Tóm tắt của biên tập")
        self.assertIsNotNone(plenum.start_date)  # an empty field is completed again
        out = StringIO()
        call_command("load_reference", stdout=out)
        self.assertIn("0 added, 0 completed", out.getvalue())


# --- The fixture itself -----------------------------------------------------------

FIXTURE_ROWS = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "reference.json").read_text()
)
TERMS = {r["pk"]: r["fields"] for r in FIXTURE_ROWS if r["model"] == "archive.term"}
PLENUMS = {r["pk"]: r["fields"] for r in FIXTURE_ROWS if r["model"] == "archive.plenum"}
DOCUMENTS = [r["fields"] for r in FIXTURE_ROWS if r["model"] == "archive.document"]
# How many plenums each term held (IX–XIII complete; XIV under way).
PLENUM_COUNTS = {"IX": 14, "X": 15, "XI": 14, "XII": 15, "XIII": 15, "XIV": 1}


def _term(roman):
    return next(pk for pk, t in TERMS.items() if t["roman"] == roman)


def test_every_plenum_of_terms_ix_to_xiv_is_there():
    for roman, count in PLENUM_COUNTS.items():
        numbers = sorted(p["number"] for p in PLENUMS.values() if p["term"] == _term(roman))
        assert numbers[:count] == list(range(1, count + 1)), roman
        assert len(numbers) >= count


def test_every_fact_has_its_public_source():
    for p in PLENUMS.values():
        if p["start_date"] or p["end_date"]:
            assert p["source"].startswith("http"), p
    for d in DOCUMENTS:
        if d["issue_date"] or d["plenum"] or d["year"] or d["subject"]:
            assert d["source"], d["code"]
        for url in d["source"].split():
            assert url.startswith(("http://", "https://")), d["code"]


def test_dates_lie_within_their_term_and_documents_after_their_plenum():
    for p in PLENUMS.values():
        term = TERMS[p["term"]]
        for value in (p["start_date"], p["end_date"]):
            if value:
                assert term["start_year"] <= int(value[:4]) <= term["end_year"], p
        if p["start_date"] and p["end_date"]:
            assert p["start_date"] <= p["end_date"], p
    for d in DOCUMENTS:
        if d["issue_date"]:
            assert d["year"] == int(d["issue_date"][:4]), d["code"]
        if d["plenum"]:
            plenum = PLENUMS[d["plenum"]]
            term = TERMS[plenum["term"]]
            assert term["start_year"] <= d["year"] <= term["end_year"], d["code"]
            if d["issue_date"] and plenum["start_date"]:
                assert d["issue_date"] >= plenum["start_date"], d["code"]


def test_documents_are_editions_with_the_addresses_the_models_give():
    from archive import codes

    seen = set()
    for d in DOCUMENTS:
        assert codes.normalize_code(d["code"]) == d["code"]
        assert d["slug"] == codes.edition_slug(d["code"], d["year"])
        assert (d["code"], d["year"]) not in seen, d["code"]
        seen.add((d["code"], d["year"]))
    assert len(DOCUMENTS) >= 40
    # Numbers used again in another term are told apart.
    assert {("18-NQ/TW", 2017), ("18-NQ/TW", 2022), ("35-CT/TW", 2019), ("35-CT/TW", 2024)} <= seen
