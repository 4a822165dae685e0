"""Group published reports of one event into conference proposals (archive/grouping.py)."""

from django.core.management.base import BaseCommand

from archive import grouping


class Command(BaseCommand):
    help = (
        "Đề xuất các hội nghị: gom các bài đưa tin về cùng một hội nghị để biên tập viên xác nhận."
    )

    def handle(self, *args, **options):
        count = grouping.propose()
        self.stdout.write(f"{count} đề xuất hội nghị đang chờ xác nhận.")
