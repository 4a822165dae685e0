"""Load the reference data shipped in fixtures/ without undoing what staff did
in the admin: terms, plenums, documents and places (reference.json) and the
known leaders with their positions (leaders.json, see archive/leaders.py,
``load_leaders`` below: only what is missing is added).

Rows are matched by what identifies them, not by the fixture's primary keys
(an imported document may already hold a key the fixture uses): a term by its
number, a plenum by term and number, a document by code and issue year (a
document the archive knows only by its code, from an imported report, is the
fixture's edition when the fixture has one edition of that code), a place by
its primary key as before. A row that is missing is added. A row that exists
keeps every value it has; only its empty fields (no date, no subject, no
source, no plenum) are filled from the fixture, so a value staff corrected is
never overwritten, and new facts reach an archive loaded before them. Running
it twice changes nothing the second time.
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from archive import codes, vietnamese
from archive.models import Document, Person, Place, Plenum, Position, Term, person_key

FILLABLE = {
    Term: ("start_year", "end_year"),
    Plenum: ("start_date", "end_date", "summary", "source"),
    Document: ("year", "issue_date", "subject", "plenum", "source", "type", "number", "issuer"),
}


def _empty(value):
    return value is None or value == ""


class Command(BaseCommand):
    help = (
        "Add the reference rows that are missing and fill empty fields of those "
        "that exist (never overwrites a value)."
    )

    def add_arguments(self, parser):
        fixtures = Path(settings.BASE_DIR) / "fixtures"
        parser.add_argument("--fixture", default=str(fixtures / "reference.json"))
        parser.add_argument("--leaders", default=str(fixtures / "leaders.json"))

    def handle(self, *args, **opts):
        with open(opts["fixture"], encoding="utf-8") as fh:
            rows = json.load(fh)
        self.counts = {"added": 0, "filled": 0, "kept": 0}
        self.editions_in_fixture = {}
        for row in rows:
            if row["model"] == "archive.document":
                code = codes.normalize_code(row["fields"]["code"]) or row["fields"]["code"]
                self.editions_in_fixture[code] = self.editions_in_fixture.get(code, 0) + 1
        with transaction.atomic():
            terms = {row["pk"]: self._term(row) for row in rows if row["model"] == "archive.term"}
            plenums = {
                row["pk"]: self._plenum(row, terms)
                for row in rows
                if row["model"] == "archive.plenum"
            }
            for row in rows:
                if row["model"] == "archive.document":
                    self._document(row, plenums)
            others = [r for r in rows if r["model"] not in ("archive.term", "archive.plenum")]
            others = [r for r in others if r["model"] != "archive.document"]
            for item in serializers.deserialize("json", json.dumps(others)):
                if type(item.object).objects.filter(pk=item.object.pk).exists():
                    self.counts["kept"] += 1
                else:
                    item.save()
                    self.counts["added"] += 1
            # Rows added with the fixture's keys do not move PostgreSQL's
            # sequences (loaddata resets them the same way): without this the
            # next row staff or an import adds would take a key already used.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(
                    no_style(), [Term, Plenum, Document, Place]
                ):
                    cursor.execute(sql)
        c = self.counts
        self.stdout.write(
            f"Reference data: {c['added']} added, {c['filled']} completed (empty fields "
            f"filled), {c['kept']} already present (kept as they are)."
        )
        if opts["leaders"]:
            people, positions = load_leaders(opts["leaders"])
            self.stdout.write(f"Leaders: {people} people and {positions} positions added.")

    # --- one row each ---------------------------------------------------------

    def _merge(self, obj, values):
        """Fill ``obj``'s empty fields from ``values``; True if any was."""
        changed = []
        for name, value in values.items():
            if name in FILLABLE[type(obj)] and _empty(getattr(obj, name)) and not _empty(value):
                setattr(obj, name, value)
                changed.append(name)
        if changed:
            obj.save()
            self.counts["filled"] += 1
        else:
            self.counts["kept"] += 1

    def _create(self, model, pk, values):
        if model.objects.filter(pk=pk).exists():
            pk = None  # the fixture's key is taken by another row: a new key
        obj = model(pk=pk, **values)
        obj.save()
        self.counts["added"] += 1
        return obj

    def _term(self, row):
        f = row["fields"]
        term = Term.objects.filter(number=f["number"]).first()
        if term is None:
            return self._create(Term, row["pk"], f)
        self._merge(term, f)
        return term

    def _plenum(self, row, terms):
        f = dict(row["fields"])
        term = terms[f.pop("term")]
        values = {**f, "start_date": _date(f["start_date"]), "end_date": _date(f["end_date"])}
        plenum = Plenum.objects.filter(term=term, number=f["number"]).first()
        if plenum is None:
            return self._create(Plenum, row["pk"], {**values, "term": term})
        self._merge(plenum, values)
        return plenum

    def _document(self, row, plenums):
        f = dict(row["fields"])
        code = codes.normalize_code(f["code"]) or f["code"]
        values = {
            **f,
            "code": code,
            "issue_date": _date(f.get("issue_date")),
            "plenum": plenums.get(f.get("plenum")),
        }
        values.pop("slug", None)  # computed from code and year on save
        editions = list(Document.objects.filter(code=code))
        same = [d for d in editions if d.year == f.get("year")]
        if not same and f.get("year"):
            # Known only by its code so far (cited before the reference had it).
            undated = [d for d in editions if d.year is None and not d.issue_date]
            if undated and self.editions_in_fixture.get(code) == 1:
                same = undated
        if same:
            self._merge(same[0], values)
        else:
            self._create(Document, row["pk"], values)


def _date(value):
    if not value or isinstance(value, datetime.date):
        return value or None
    return datetime.date.fromisoformat(value)


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
