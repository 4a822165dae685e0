"""manage.py evaluate_search FILE: nDCG@10 and code precision@5 on a judged set.

Imports the seed reports and the dev-set texts into a throwaway data directory
(the developer's data is never touched), builds the index, sends every judged
query through /api/search/ and prints the scores, by kind, and each query that
falls short. See search/evaluation.py for the measures.

    .venv/bin/python manage.py evaluate_search fixtures/search_judgements.json
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import evaluation

ROOT = Path(settings.BASE_DIR)


class Command(BaseCommand):
    help = "Score search on a judged query set (nDCG@10, document-number precision@5)."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="judged queries (JSON), e.g. fixtures/search_judgements.json"
        )
        parser.add_argument(
            "--texts",
            action="append",
            help="folders of report files to import (default: ../shared/seeds and var/devset)",
        )
        parser.add_argument("--json", help="write every query's outcome to this file")
        parser.add_argument("--keep", help="use and keep this data directory")
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="query the current data directory (already imported and indexed)",
        )

    def handle(self, *args, **options):
        if options["in_place"]:
            return self._evaluate(options)
        folders = [
            Path(p)
            for p in options["texts"] or [ROOT.parent / "shared" / "seeds", ROOT / "var" / "devset"]
        ]
        files = [p for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.txt"))]
        if not files:
            raise CommandError(f"No report files in {', '.join(map(str, folders))}.")
        data_dir = options["keep"] or tempfile.mkdtemp(prefix="archive-evaluate-")
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SEARCH_URL")}
        env["ARCHIVE_DATA_DIR"] = str(data_dir)
        try:
            manage = [sys.executable, str(ROOT / "manage.py")]
            quiet = {"env": env, "check": True, "stdout": subprocess.DEVNULL}
            subprocess.run([*manage, "migrate", "--noinput"], **quiet)
            subprocess.run([*manage, "load_reference"], **quiet)
            subprocess.run([*manage, "import_reports", *map(str, files)], **quiet)
            subprocess.run([*manage, "build_index"], **quiet)
            command = [*manage, "evaluate_search", options["file"], "--in-place"]
            if options["json"]:
                command += ["--json", options["json"]]
            subprocess.run(command, env=env, check=True)
        except subprocess.CalledProcessError as error:
            raise CommandError(f"{' '.join(error.cmd[2:4])} failed ({error.returncode}).") from None
        finally:
            if not options["keep"]:
                shutil.rmtree(data_dir, ignore_errors=True)

    def _evaluate(self, options):
        from django.test import Client

        from archive.models import Report

        files = dict(Report.objects.values_list("pk", "original_filename"))
        queries = evaluation.load(options["file"], available=set(files.values()))
        client = Client()
        outcomes = []
        for query in queries:
            # Judged per report: each report in its own place, none folded under
            # its conference (search/results.py), so the scores measure ranking.
            response = client.get("/api/search/", {"q": query.q, "group": "0"})
            if response.status_code != 200:
                raise CommandError(f"/api/search/?q={query.q} answered {response.status_code}")
            ranked = [files.get(hit["id"], "?") for hit in response.json()["results"]]
            outcomes.append(evaluation.score(query, ranked))
        result = evaluation.summary(outcomes)
        self.stdout.write(f"{result['queries']} judged queries on {len(files)} reports")
        self.stdout.write(f"nDCG@10            {result['ndcg@10']:.3f}")
        self.stdout.write(f"code precision@5   {result['code_precision@5']:.3f}")
        for kind, (count, value) in result["by_kind"].items():
            self.stdout.write(f"  {kind:<10} {count:>3} queries  nDCG@10 {value:.3f}")
        for o in outcomes:
            if o.ndcg < 0.999 or (o.precision is not None and o.precision < 1):
                shown = ", ".join(
                    f"{name}{'*' if name in o.query.relevant else ''}" for name in o.ranked[:5]
                )
                self.stdout.write(
                    f"  {o.ndcg:.2f} {o.query.kind:<7} {o.query.q!r}: top {shown or '—'}"
                    + (f"; not in top 10: {', '.join(o.missing)}" if o.missing else "")
                )
        if options["json"]:
            rows = [
                {
                    "q": o.query.q,
                    "kind": o.query.kind,
                    "ndcg": o.ndcg,
                    "precision": o.precision,
                    "ranked": o.ranked,
                    "relevant": o.query.relevant,
                }
                for o in outcomes
            ]
            Path(options["json"]).write_text(
                json.dumps({"summary": result, "queries": rows}, ensure_ascii=False, indent=1),
                encoding="utf-8",
            )
