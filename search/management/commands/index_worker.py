import signal

from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "Drain the index queue forever: the one process that writes the index."

    def add_arguments(self, parser):
        parser.add_argument("--poll", type=float, default=0.2, help="Seconds between polls.")
        parser.add_argument("--once", action="store_true", help="Drain the queue and exit.")

    def handle(self, *args, **opts):
        if opts["once"]:
            self.stdout.write(f"Applied {indexing.drain()} queued changes.")
            return
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        indexing.run_worker(poll_interval=opts["poll"], stop=lambda: bool(stopping))
