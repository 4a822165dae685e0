"""Write N synthetic reports for the benchmark (see bench/corpus.py)."""

import tempfile
import time

from django.core.management.base import BaseCommand, CommandError

from bench.corpus import SeedsMissing, write_corpus


class Command(BaseCommand):
    help = (
        "Sinh N bài tường thuật tổng hợp (ghép từ các câu của bài gốc) để đo hiệu năng; "
        "cùng --seed cho cùng kết quả."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, required=True, help="số bài cần sinh")
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")
        parser.add_argument("--out", help="thư mục ghi các tệp .txt (mặc định: thư mục tạm)")
        parser.add_argument("--seeds", help="thư mục các bài gốc (mặc định ../shared/seeds)")

    def handle(self, *args, reports, seed, out, seeds, **options):
        if reports < 1:
            raise CommandError("--reports phải là số nguyên dương.")
        out = out or tempfile.mkdtemp(prefix="archive-corpus-")
        started = time.perf_counter()
        try:
            paths = write_corpus(reports, out, seed=seed, seeds_dir=seeds)
        except SeedsMissing as exc:
            raise CommandError(str(exc)) from None
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Đã ghi {len(paths)} bài vào {out} ({elapsed:.1f} s, hạt giống {seed}).")
