"""Run by tests/test_index_consistency.py in several processes at once:
random creates, edits, (un)publishes and deletes of reports through the ORM.
Also the write load of tests/test_worker_crash.py: with a pause between
operations, until a stop file appears."""

import os
import random
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from archive.models import Report  # noqa: E402


def main(seed, operations, pause=0.0, stop_file=None):
    rng = random.Random(seed)
    mine = []
    for i in range(operations):
        if stop_file and os.path.exists(stop_file):
            break
        time.sleep(pause)
        action = rng.random()
        if action < 0.4 or not mine:
            report = Report.objects.create(
                title=f"Báo cáo {seed}-{i} chuyển đổi số",
                body=f"Nội dung {seed} {i} chuyển đổi số quốc gia.",
                original_text=f"{seed}-{i}",
                status=rng.choice(["published", "published", "draft"]),
            )
            mine.append(report.pk)
        elif action < 0.65:
            report = Report.objects.get(pk=rng.choice(mine))
            report.status = "draft" if report.status == "published" else "published"
            report.save()
        elif action < 0.8:
            report = Report.objects.get(pk=rng.choice(mine))
            report.body += " cập nhật"
            report.save()
        else:
            pk = mine.pop(rng.randrange(len(mine)))
            Report.objects.filter(pk=pk).delete()
    print("done", seed, len(mine))


if __name__ == "__main__":
    pause = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
    main(int(sys.argv[1]), int(sys.argv[2]), pause, sys.argv[4] if len(sys.argv) > 4 else None)
