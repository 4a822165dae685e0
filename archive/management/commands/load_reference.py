"""Load the reference data (terms, plenums, documents, places) shipped in
fixtures/reference.json, adding only what is missing: staff edit reference
data in the admin, and `make run` must never undo their edits."""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Add the reference data rows that are not in the database yet (never overwrites)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture", default=str(Path(settings.BASE_DIR) / "fixtures" / "reference.json")
        )

    def handle(self, *args, **opts):
        added = kept = 0
        with open(opts["fixture"], encoding="utf-8") as fh, transaction.atomic():
            for item in serializers.deserialize("json", fh):
                model = type(item.object)
                if model.objects.filter(pk=item.object.pk).exists():
                    kept += 1
                    continue
                item.save()
                added += 1
        self.stdout.write(
            f"Reference data: {added} added, {kept} already present (kept as they are)."
        )
