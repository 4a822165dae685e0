"""haystack's rebuild_index clears the live index first; ours builds a new
generation and swaps it in, so the site never serves an empty index."""

from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "Rebuild the search index without ever serving an empty one."

    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("-b", "--batch-size", type=int, default=1000)
        parser.add_argument("-k", "--workers", type=int, default=0, help="Ignored (one writer).")
        parser.add_argument("-u", "--using", action="append", default=[])
        parser.add_argument(
            "-r", "--remove", action="store_true", help="Ignored (always complete)."
        )

    def handle(self, *args, **opts):
        count = indexing.rebuild(batch_size=opts["batch_size"])
        self.stdout.write(f"Indexed {count} reports.")
