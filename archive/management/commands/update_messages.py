"""Bring the English catalogue in line with the interface strings.

Reads every marked string of the templates and the Python code
(archive/i18n.py, no gettext tools needed), adds the new ones to
locale/<language>/LC_MESSAGES/django.po untranslated, drops the ones no longer
used, and lists what still needs translating. ``--check`` changes nothing and
fails when anything is untranslated (what tests/test_i18n.py asserts).
"""

from django.core.management.base import BaseCommand, CommandError

from archive import i18n


class Command(BaseCommand):
    help = "Update locale/en/LC_MESSAGES/django.po from the templates and code; list what is untranslated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language", action="append", help="default: every translated language"
        )
        parser.add_argument(
            "--check", action="store_true", help="change nothing; fail if untranslated"
        )

    def handle(self, *args, **options):
        messages = i18n.extract()
        missing_total = 0
        for language in options["language"] or i18n.TRANSLATED:
            if not options["check"]:
                added, removed = i18n.update_catalogue(language, messages)
                self.stdout.write(
                    f"{language}: {added} new, {removed} removed, {len(messages)} in all."
                )
            missing = i18n.untranslated(language, messages)
            missing_total += len(missing)
            for message in missing:
                where = message.places[0] if message.places else ""
                self.stdout.write(f"  untranslated ({language}) {where}: {message.msgid!r}")
        if options["check"] and missing_total:
            raise CommandError(f"{missing_total} untranslated string(s).")
