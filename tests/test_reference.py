"""`make run` loads reference data without undoing staff edits."""

from io import StringIO

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
