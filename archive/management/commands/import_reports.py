"""manage.py import_reports PATH [PATH ...]: import report files and folders.

Prints one line per file (imported, duplicate or error) and a summary; a bad
file does not stop the rest. Running it twice imports nothing the second time.
"""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from archive import dbstats, grouping
from archive.importing import import_paths


class Command(BaseCommand):
    help = "Import report files (.txt, .html, .docx) and folders of them as published reports."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--draft", action="store_true", help="Import as drafts instead of published."
        )
        parser.add_argument(
            "--fail-on-error",
            action="store_true",
            help="Exit with an error status when any file could not be imported.",
        )

    def handle(self, *args, **options):
        counts = Counter()
        for path, outcome in import_paths(options["paths"], publish=not options["draft"]):
            counts[outcome.status] += 1
            if outcome.status == "imported":
                line = f"{path}: imported as report {outcome.report.pk}"
                if outcome.possible_duplicates:
                    ids = ", ".join(str(r.pk) for r in outcome.possible_duplicates)
                    line += f" (same title and date as report {ids}: check)"
                self.stdout.write(line)
            elif outcome.status == "duplicate":
                self.stdout.write(
                    f"{path}: duplicate of report {outcome.duplicate_of.pk} "
                    "(same content; nothing created)"
                )
            else:
                self.stdout.write(f"{path}: error: {outcome.message}")
        self.stdout.write(
            f"{counts['imported']} imported, {counts['duplicate']} duplicates, "
            f"{counts['error']} errors."
        )
        if counts["imported"]:
            dbstats.refresh()  # the planner's statistics, for the archive's new size
        if counts["imported"] and not options["draft"]:
            grouping.propose()  # new reports may be write-ups of one conference
        if options["fail_on_error"] and counts["error"]:
            raise CommandError(f"{counts['error']} files could not be imported.")
