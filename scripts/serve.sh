#!/usr/bin/env bash
# Serve the archive: gunicorn for the site and ONE index worker (the only
# process that writes the search index). Stopping this script (Ctrl-C or
# SIGTERM) stops both; if either dies, the other is stopped too.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
PORT=${PORT:-8000}
HOST=${HOST:-127.0.0.1}

"$BIN/python" manage.py index_worker &
worker=$!
"$BIN/gunicorn" config.wsgi -c config/gunicorn.conf.py --bind "$HOST:$PORT" &
web=$!

stop() {
    trap - INT TERM EXIT
    kill -TERM "$web" "$worker" 2>/dev/null
    wait "$web" "$worker" 2>/dev/null
}
trap stop INT TERM EXIT

cat <<MSG

  Kho lưu trữ đang chạy: http://$HOST:$PORT/
  Quản trị: http://$HOST:$PORT/quan-tri/
  Tạo tài khoản quản trị (chưa có tài khoản mặc định nào):
      ARCHIVE_DATA_DIR=$ARCHIVE_DATA_DIR $BIN/python manage.py createsuperuser
  Dừng: Ctrl-C

MSG
wait -n "$web" "$worker"
