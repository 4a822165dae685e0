"""Issue 14's "done when": a fresh archive with the five seeds and a generated
corpus, set up with the commands a user runs (``generate_corpus``, then
``import_reports``, which proposes conferences), shows conferences, timelines
and maps that are right for the data: every document's and plenum's
dissemination page (SVG and CSV), every conference page and the home page's
monthly chart, checked against figures worked out from the rows
(tests/corpus_checks.py). 200 generated reports here; the same checks run by
hand on 2,000 (see that module).

The generator's dates are spread over 2010–2026, so two of its reports are
rarely of one event: a few of its national conferences are written up again
here (``corpus_checks.retell``), as another outlet's report of the same event
would be, so there are conferences to check."""

import io
import tempfile

from django.core.management import call_command
from django.test import TestCase

from tests import corpus_checks
from tests.browser_site import SEEDS
from tests.factories import load_reference

GENERATED = 200
RETOLD = 4


class FreshCorpusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference()
        from bench.corpus import generate_corpus

        quiet = io.StringIO()
        with tempfile.TemporaryDirectory(prefix="corpus-") as corpus:
            call_command("generate_corpus", reports=GENERATED, out=corpus, stdout=quiet)
            cls.retold = len(corpus_checks.retell(generate_corpus(GENERATED), corpus, RETOLD))
            call_command("import_reports", str(SEEDS), corpus, stdout=quiet)

    def test_conferences_timelines_maps_and_months_are_right_for_the_data(self):
        numbers, problems = corpus_checks.check_all()
        self.assertEqual(problems, [], numbers)
        self.assertEqual(numbers["reports"], GENERATED + 5 + self.retold, numbers)
        # The corpus has what the pages are about: several of each.
        self.assertEqual(self.retold, RETOLD)
        self.assertGreaterEqual(numbers["conferences"], RETOLD, numbers)
        self.assertGreater(numbers["documents"], 10, numbers)
        self.assertGreater(numbers["plenums"], 10, numbers)
        self.assertGreater(numbers["largest"][1], 2, numbers)
