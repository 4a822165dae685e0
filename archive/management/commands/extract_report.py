"""manage.py extract_report FILE [FILE ...]: the extractor's result as JSON,
one object per line per file, in the order given."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.decoding import DecodeError
from archive.extract import extract
from archive.importing import read_text_file


class Command(BaseCommand):
    help = "Print what the extractor finds in each report file, one JSON object per line."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, **options):
        failed = 0
        for name in options["files"]:
            path = Path(name)
            try:
                if path.is_dir():
                    raise DecodeError("Đây là thư mục, không phải tệp.")
                result = extract(read_text_file(path))
            except DecodeError as exc:
                failed += 1
                result = {"file": name, "error": str(exc)}
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        if failed:
            raise CommandError(f"{failed} of {len(options['files'])} files could not be read.")
