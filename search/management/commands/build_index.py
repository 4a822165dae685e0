import time

from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "Build the whole search index anew and swap it in atomically."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-needed",
            action="store_true",
            help="Only build when the index is empty but published reports exist.",
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, **opts):
        if opts["if_needed"] and not indexing.index_is_missing():
            self.stdout.write("Search index is present; not rebuilt.")
            return
        start = time.monotonic()
        count = indexing.rebuild(
            batch_size=opts["batch_size"],
            progress=lambda n: self.stdout.write(f"  {n} reports…")
            if opts["verbosity"] > 1
            else None,
        )
        elapsed = time.monotonic() - start
        rate = count / elapsed if elapsed else 0
        self.stdout.write(f"Indexed {count} reports in {elapsed:.1f}s ({rate:.0f}/s).")
