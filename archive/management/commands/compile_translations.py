"""Compile the project's .po files (``locale/``) to the .mo files Django reads.

Django's own ``compilemessages`` needs GNU gettext's msgfmt, a system tool a
fresh machine lacks; polib (pinned in requirements.txt) writes the same .mo
files (archive/i18n.py). ``make run`` and ``make test`` run this; the .mo files
are not committed.
"""

from django.core.management.base import BaseCommand

from archive.i18n import compile_all

__all__ = ["compile_all", "Command"]


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (no gettext tools needed)."

    def handle(self, *args, **options):
        written = compile_all()
        self.stdout.write(f"{len(written)} translation file(s) compiled.")
