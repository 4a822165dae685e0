"""gunicorn's sync worker, answering a request line over the limit in Vietnamese
(and English below it: the line was not read, so which language's page asked is unknown).

gunicorn caps ``limit_request_line`` at 8190 bytes whatever is configured and
answers a longer line with an English "Request Line is too large" before Django
sees anything. The site's forms stay within it (a query is at most
``search.query.MAX_QUERY_CHARS`` characters, 9 bytes each when percent-encoded);
a longer hand-made address gets this answer.
"""

from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.sync import SyncWorker

TOO_LONG = (
    "<!doctype html><html lang=vi><meta charset=utf-8><title>Địa chỉ quá dài</title>"
    "<h1>Địa chỉ quá dài</h1><p>Địa chỉ (cả nội dung tìm kiếm) dài quá {limit} byte, "
    "máy chủ không nhận. Hãy tìm với ít từ hơn: ô tìm kiếm nhận tối đa {chars} ký tự.</p>"
    '<p><a href="/tim-kiem/">Về trang tìm kiếm</a></p>'
    "<div lang=en><h2>Address too long</h2><p>The address (search included) is longer than "
    "{limit} bytes, which the server does not accept. Search with fewer words: the search box "
    'takes at most {chars} characters.</p><p><a href="/en/tim-kiem/">Back to search</a></p></div>'
    "</html>"
)


class ArchiveSyncWorker(SyncWorker):
    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, LimitRequestLine):
            return super().handle_error(req, client, addr, exc)
        from search.query import MAX_QUERY_CHARS

        body = TOO_LONG.format(limit=self.cfg.limit_request_line, chars=MAX_QUERY_CHARS).encode()
        head = (
            "HTTP/1.1 414 URI Too Long\r\nConnection: close\r\n"
            f"Content-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        try:
            client.sendall(head.encode("ascii") + body)
        except OSError:
            pass
