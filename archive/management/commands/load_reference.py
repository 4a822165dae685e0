"""Load the reference data shipped in fixtures/: terms, plenums, documents and
places (reference.json, Django's fixture format) and the known leaders with
their positions (leaders.json, see archive/leaders.py), adding only what is
missing: staff edit reference data in the admin, and `make run` must never
undo their edits."""

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive import vietnamese
from archive.models import Person, Position, Term, person_key


class Command(BaseCommand):
    help = "Add the reference data rows that are not in the database yet (never overwrites)."

    def add_arguments(self, parser):
        fixtures = Path(settings.BASE_DIR) / "fixtures"
        parser.add_argument("--fixture", default=str(fixtures / "reference.json"))
        parser.add_argument("--leaders", default=str(fixtures / "leaders.json"))

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
        if opts["leaders"]:
            people, positions = load_leaders(opts["leaders"])
            self.stdout.write(f"Leaders: {people} people and {positions} positions added.")


def load_leaders(path):
    """Add the leaders of ``path`` (fixtures/leaders.json) that are missing:
    a person by their slug (``person_key``, the key reports link by), a
    position by (person, title, term, start date). Returns (people added,
    positions added)."""
    try:
        with open(path, encoding="utf-8") as fh:
            rows = json.load(fh)["leaders"]
    except (OSError, ValueError, KeyError) as exc:
        raise CommandError(f"Không đọc được tệp lãnh đạo {path}: {exc}") from exc
    terms = dict(Term.objects.values_list("roman", "pk"))
    people = positions = 0
    with transaction.atomic():
        for row in rows:
            name = vietnamese.normalize(row["name"]).strip()
            person, created = Person.objects.get_or_create(
                slug=person_key(name), defaults={"name": name}
            )
            people += created
            for p in row.get("positions") or ():
                _, created = Position.objects.get_or_create(
                    person=person,
                    title=p["title"],
                    term_id=terms.get(p.get("term")),
                    start_date=p.get("start"),
                    defaults={
                        "body": p.get("body", ""),
                        "end_date": p.get("end"),
                        "source": "\n".join(p.get("sources") or ()),
                    },
                )
                positions += created
    return people, positions
