"""``manage.py bench --reports N [--json FILE] [--keep DIR]``: see bench/runner.py."""

import argparse
import json
import signal
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench import report as bench_report
from bench import runner as benchmark
from bench.queries import DEFAULT_COUNT

PHASES = [*benchmark.PHASE_ORDER, "http"]


def _sizes(text):
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"không phải số bài: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("số bài phải là số nguyên dương")
    return sizes


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Đo hiệu năng trong một thư mục dữ liệu tạm (không bao giờ đụng tới var/): sinh N bài, "
        "nhập, lập chỉ mục, tìm kiếm (các truy vấn khác nhau, lần đầu và lần lặp), so với "
        "SQLite FTS5, Tantivy và icontains, tải HTTP qua gunicorn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reports",
            type=_sizes,
            help="số bài tổng hợp; nhiều cỡ cách nhau bằng dấu phẩy (50000,200000) "
            "đo lần lượt trên cùng một kho lớn dần; với --reuse: nhập thêm cho tới số này",
        )
        parser.add_argument("--json", help="ghi kết quả JSON vào tệp này")
        parser.add_argument("--keep", help="giữ dữ liệu đo trong thư mục (mới hoặc rỗng) này")
        parser.add_argument(
            "--reuse",
            help="đo lại trên thư mục do một lần chạy --keep để lại (bỏ qua bước sinh và nhập)",
        )
        parser.add_argument(
            "--phases",
            help=f"chỉ chạy các pha này, cách nhau bằng dấu phẩy: {','.join(PHASES)}",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--repeat", type=int, default=1, help="số lượt lặp lại cả bộ truy vấn (đo khi đã ấm)"
        )
        parser.add_argument(
            "--queries",
            type=int,
            default=DEFAULT_COUNT,
            help=f"số truy vấn khác nhau sinh từ kho (mặc định {DEFAULT_COUNT})",
        )
        parser.add_argument(
            "--http-requests",
            type=int,
            default=200,
            help="số yêu cầu tìm kiếm dưới tải (trang bài: gấp đôi)",
        )
        # Internal: one measured phase, run by the command itself in a child process.
        parser.add_argument("--phase", help=argparse.SUPPRESS)
        parser.add_argument("--state", help=argparse.SUPPRESS)
        parser.add_argument("--start", type=int, default=0, help=argparse.SUPPRESS)

    def handle(self, *args, **opts):
        if opts["phase"]:
            return self.run_phase(opts)
        if opts["reuse"] is None and not opts["reports"]:
            raise CommandError("Cần --reports N (số nguyên dương), hoặc --reuse THƯ_MỤC.")
        if opts["reuse"] and opts["reports"] and len(opts["reports"]) > 1:
            raise CommandError(
                "--reuse chỉ nhận một cỡ --reports (số bài cần có sau khi nhập thêm)."
            )
        phases = None
        if opts["phases"]:
            phases = [p.strip() for p in opts["phases"].split(",") if p.strip()]
            unknown = set(phases) - set(PHASES)
            if unknown:
                raise CommandError(f"Pha không có: {', '.join(sorted(unknown))}.")
        if opts["reuse"] and phases and "import" in phases and not opts["reports"]:
            raise CommandError(
                "Không nhập lại vào thư mục --reuse (mọi bài sẽ là bản trùng); "
                "muốn kho lớn thêm thì cho --reports N."
            )
        if opts["keep"] and opts["reuse"]:
            raise CommandError("--keep và --reuse không dùng cùng nhau.")
        # `kill` (SIGTERM) stops the run like Ctrl-C does: children stopped, data removed.
        signal.signal(signal.SIGTERM, _interrupt)
        bench = benchmark.Bench(
            opts["reports"],
            seed=opts["seed"],
            keep=opts["keep"],
            reuse=opts["reuse"],
            phases=phases,
            repeat=opts["repeat"],
            queries=opts["queries"],
            http_requests=opts["http_requests"],
            out=self.stdout,
        )
        try:
            result = bench.run()
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            self.stderr.write("Đã dừng: các tiến trình đo đã tắt, dữ liệu tạm đã xóa.")
            sys.exit(130)
        for run in result.get("runs") or [result]:
            self.stdout.write(bench_report.table(run))
        if result.get("runs"):
            self.stdout.write(bench_report.scaling_table(result["runs"]))
        if opts["json"]:
            Path(opts["json"]).write_text(
                json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            self.stdout.write(f"JSON: {opts['json']}")
        if result["errors"]:
            sys.exit(1)

    def run_phase(self, opts):
        from bench import phases as bench_phases

        bench_phases.guard()
        signal.signal(signal.SIGTERM, _interrupt)  # run `finally:` blocks when stopped
        name = opts["phase"]
        if name not in bench_phases.PHASES:
            raise CommandError(f"unknown phase {name}")
        kwargs = {
            "import": {
                "reports": opts["reports"][-1],
                "seed": opts["seed"],
                "start": opts["start"],
            },
            "update": {"manage_py": Path(sys.argv[0]).resolve()},
        }.get(name, {})
        if name in ("search", "peers"):
            kwargs = {
                "reports": opts["reports"][-1],
                "seed": opts["seed"],
                "count": opts["queries"],
                "repeat": opts["repeat"],
            }
        try:
            data = bench_phases.PHASES[name](**kwargs)
        except KeyboardInterrupt:
            data = {"error": "stopped"}
        except Exception as exc:
            import traceback

            data = {"error": f"{type(exc).__name__}: {exc}\n{traceback.format_exc()[-1500:]}"}
        Path(opts["state"]).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
