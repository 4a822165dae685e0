"""Compile the project's .po files (``locale/``) to the .mo files Django reads.

Django's own ``compilemessages`` needs GNU gettext's msgfmt, a system tool a
fresh machine lacks; polib (pinned in requirements.txt) writes the same .mo
files. ``make run`` and ``make test`` run this; the .mo files are not committed.
"""

import os
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def compile_all(locale_dirs=None):
    """Write a .mo beside every .po under the locale directories that is newer
    than its .mo (atomically: parallel test processes may compile at once).
    Returns the .mo paths written."""
    written = []
    for locale_dir in locale_dirs or settings.LOCALE_PATHS:
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            fd, tmp = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
            os.close(fd)
            polib.pofile(str(po_path)).save_as_mofile(tmp)
            os.replace(tmp, mo_path)
            written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (no gettext tools needed)."

    def handle(self, *args, **options):
        written = compile_all()
        self.stdout.write(f"{len(written)} translation file(s) compiled.")
