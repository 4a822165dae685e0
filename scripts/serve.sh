#!/usr/bin/env bash
# Serve the archive: gunicorn for the site and ONE index worker (the only
# process that writes the search index). Stopping this script (Ctrl-C or
# SIGTERM) stops both.
#
# The index worker is restarted whenever it dies (killed, out of memory, a bug),
# with a growing pause (1 s, 2 s, 4 s … at most WORKER_MAX_BACKOFF s; back to
# 1 s after it ran a minute), while gunicorn keeps serving: the site answers
# from the index it has, and the search page says so when the queue grows old.
# Nothing queued is lost: a task leaves the queue only once it is indexed.
# If gunicorn itself dies the site is down: the script stops the worker and
# exits with gunicorn's status, for a service manager to restart.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
PORT=${PORT:-8000}
HOST=${HOST:-127.0.0.1}
WORKER_MAX_BACKOFF=${WORKER_MAX_BACKOFF:-30}

supervise_worker() {
    local child="" pause="" delay=1 started rc
    # (CONT: a stopped worker would otherwise hold the TERM, and this script, forever.)
    trap 'kill -TERM $child $pause 2>/dev/null; kill -CONT $child 2>/dev/null; wait $child 2>/dev/null; exit 0' TERM INT
    while true; do
        started=$SECONDS
        "$BIN/python" manage.py index_worker &
        child=$!
        wait "$child"
        rc=$?
        child=""
        if ((SECONDS - started >= 60)); then
            delay=1
        fi
        echo "index worker stopped (status $rc); restarting in ${delay}s" >&2
        sleep "$delay" &
        pause=$!
        wait "$pause"
        pause=""
        delay=$((delay * 2 > WORKER_MAX_BACKOFF ? WORKER_MAX_BACKOFF : delay * 2))
    done
}

supervise_worker &
worker=$!
"$BIN/gunicorn" config.wsgi -c config/gunicorn.conf.py --bind "$HOST:$PORT" &
web=$!

stopping=""
stop() {
    stopping=1
    trap - INT TERM EXIT
    kill -TERM "$web" "$worker" 2>/dev/null
    wait "$web" "$worker" 2>/dev/null
}
trap stop INT TERM EXIT

cat <<MSG

  Kho lưu trữ đang chạy: http://$HOST:$PORT/
  Quản trị: http://$HOST:$PORT/quan-tri/
  Tạo tài khoản quản trị (chưa có tài khoản mặc định nào):
      ARCHIVE_DATA_DIR=${ARCHIVE_DATA_DIR:-var} $BIN/python manage.py createsuperuser
  Dừng: Ctrl-C

MSG
wait "$web"
status=$?
[ -n "$stopping" ] && exit 0
echo "gunicorn stopped (status $status); stopping the index worker" >&2
exit "$status"
