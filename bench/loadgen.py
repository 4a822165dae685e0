"""The HTTP part of ``manage.py bench``: gunicorn started as ``make run`` starts it,
on a free loopback port, driven by a small bounded load generator.

The generator sends a fixed number of requests from 8 client threads (stdlib
``http.client``, a new connection per request as a browser behind no proxy would
against gunicorn's sync workers) and only ever to 127.0.0.1.
"""

import http.client
import os
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from bench.queries import summarize

HOST = "127.0.0.1"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(base_dir, env, port, bin_dir, log_path):
    """Start the site like ``make run`` (scripts/serve.sh), or plain gunicorn with two
    workers until that script exists. Returns (Popen, how it was started)."""
    env = {**env, "PORT": str(port), "BIN": str(bin_dir), "HOST": HOST, "BIND": f"{HOST}:{port}"}
    script = Path(base_dir) / "scripts" / "serve.sh"
    if script.exists():
        cmd, how = ["bash", str(script)], "scripts/serve.sh"
    else:
        cmd = [str(Path(bin_dir) / "gunicorn"), "config.wsgi", "-w", "2", "-b", f"{HOST}:{port}"]
        how = "gunicorn config.wsgi -w 2"
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=str(base_dir),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,  # a file, not a pipe: a full pipe would stall the server
            start_new_session=True,  # its own process group, so stopping it stops its workers
        )
    proc.log_path = log_path
    return proc, how


def stop_server(proc, grace=15):
    """Stop the server's whole process group (only the group this module started)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def get(port, path, timeout=60):
    """One GET on loopback: (status, milliseconds)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    start = time.perf_counter()
    try:
        conn.request("GET", path, headers={"Accept-Language": "vi"})
        resp = conn.getresponse()
        resp.read()
        return resp.status, (time.perf_counter() - start) * 1000
    finally:
        conn.close()


def wait_ready(proc, port, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = Path(proc.log_path).read_text("utf-8", "replace")[-1500:]
            raise RuntimeError(f"the server exited with code {proc.returncode}: {err}")
        try:
            status, _ = get(port, "/", timeout=5)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"the server did not answer on {HOST}:{port} within {timeout} s")


def run_load(port, urls, total, concurrency=8):
    """``total`` GETs cycling over ``urls`` from ``concurrency`` threads.
    Returns {rps, p50_ms, p95_ms, requests, errors, statuses}."""
    lock = threading.Lock()
    queue = [urls[i % len(urls)] for i in range(total)]
    times, statuses = [], Counter()
    errors = [0]

    def client():
        while True:
            with lock:
                if not queue:
                    return
                path = queue.pop()
            try:
                status, ms = get(port, path)
            except OSError as exc:
                with lock:
                    errors[0] += 1
                    statuses[type(exc).__name__] += 1
                continue
            with lock:
                statuses[str(status)] += 1
                if status == 200:
                    times.append(ms)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    cpu_start = time.process_time()
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    # The client shares the machine with the server: report how much CPU it took.
    client_cpu = time.process_time() - cpu_start
    out = summarize(times)
    out.update(
        rps=round(total / elapsed, 1) if elapsed else None,
        requests=total,
        errors=errors[0],
        statuses=dict(statuses),
        seconds=round(elapsed, 2),
        client_cpu_s=round(client_cpu, 2),
    )
    return out


def _children(pid):
    kids = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kids.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for child in kids.get(p, []):
            out.append(child)
            todo.append(child)
    return out


def _status_kb(pid, key):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def worker_peak_rss(proc):
    """Peak resident memory (VmHWM, MB) of each gunicorn worker under ``proc``.
    Workers are the gunicorn processes whose parent is a gunicorn process."""
    pids = [proc.pid, *_children(proc.pid)]
    gunicorn = {p for p in pids if "gunicorn" in _cmdline(p)}
    parents = {}
    for p in gunicorn:
        try:
            parents[p] = int(Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
    workers = [p for p, parent in parents.items() if parent in gunicorn] or list(gunicorn)
    peaks = {p: _status_kb(p, "VmHWM") for p in workers}
    return {str(p): round(kb / 1024, 1) for p, kb in peaks.items() if kb}
