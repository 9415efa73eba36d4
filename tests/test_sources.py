"""The sources manifest and PDF downloads, against a local HTTP server on 127.0.0.1.

The server (a thread in this process, a random free port) serves a real PDF from raw_docs/,
a 404, a response slower than the timeout, HTML saved as .pdf, responses over a small
size limit, and URLs that fail before they succeed; it counts the requests it sees, so
the Prefect retries are checked by what reached the server.
"""
from __future__ import annotations

import hashlib
import http.server
import os
import threading
import time
from pathlib import Path

import pytest

from flows.cli import quiet_environment

quiet_environment()  # before prefect is imported: ephemeral, offline, quiet

from prefect import flow  # noqa: E402

from flows.fetch import download_source, fetch_sources  # noqa: E402
from flows.sources import (DownloadError, ManifestError, download, load_manifest,  # noqa: E402
                           local_pdfs, read_sidecar, safe_filename)

RAW = Path(__file__).resolve().parent.parent / "raw_docs"
PDF = (RAW / "safe-city-scorecard-2016-17.pdf").read_bytes()
PDF_SHA = hashlib.sha256(PDF).hexdigest()
ETAG = '"scorecard-v1"'
LIMIT = 200_000   # max_bytes for the too-big cases (the real PDF is ~28 kB)


class Handler(http.server.BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    conditional: list[str] = []      # If-None-Match headers received
    fail_first: dict[str, int] = {}  # path -> how many more requests answer 503
    lock = threading.Lock()

    def log_message(self, *args):   # keep pytest output clean
        pass

    def _send(self, code: int, body: bytes = b"", ctype: str = "application/pdf", **headers):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        path = self.path
        with self.lock:
            self.hits[path] = self.hits.get(path, 0) + 1
            failing = self.fail_first.get(path, 0)
            if failing:
                self.fail_first[path] = failing - 1
        if failing:
            return self._send(503, b"busy", "text/plain")
        if path == "/missing.pdf":
            return self._send(404, b"<html>not here</html>", "text/html")
        if path == "/moved.pdf":
            return self._send(302, ctype="text/plain", Location="/moved-here.pdf")
        if path == "/to-ftp.pdf":
            return self._send(302, ctype="text/plain", Location="ftp://127.0.0.1/x.pdf")
        if path == "/slow.pdf":
            time.sleep(2.0)
            return self._send(200, PDF)
        if path == "/page.pdf":
            return self._send(200, b"<!DOCTYPE html><html><body>Please log in</body></html>" * 40,
                              "text/html; charset=utf-8")
        if path == "/big.pdf":   # Content-Length over the limit: refused before reading
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(LIMIT * 10))
            self.end_headers()
            return
        if path == "/endless.pdf":  # no Content-Length, keeps sending: refused while streaming
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.end_headers()
            try:
                self.wfile.write(b"%PDF-1.4\n")
                for _ in range(LIMIT // 8192 + 50):
                    self.wfile.write(b"0" * 8192)
            except OSError:
                pass  # the client hung up, as it should
            self.close_connection = True
            return
        if self.headers.get("If-None-Match"):
            with self.lock:
                self.conditional.append(self.headers["If-None-Match"])
            if self.headers["If-None-Match"] == ETAG:
                return self._send(304, ctype="application/pdf", ETag=ETAG)
        # anything else (report.pdf, flaky.pdf, the traversal names, ...) is the real PDF
        return self._send(200, PDF, ETag=ETAG, Last_Modified="Wed, 01 Mar 2017 10:00:00 GMT")


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _inside(path: str, folder: Path) -> bool:
    return Path(path).resolve().parent == folder.resolve()


# --- plain functions ------------------------------------------------------------------------

def test_download_a_real_pdf_then_a_304_reuses_it(server, tmp_path):
    got = download(f"{server}/report.pdf", str(tmp_path), timeout=5, max_bytes=LIMIT)
    assert Path(got.path).read_bytes() == PDF
    assert (got.sha256, got.size, got.not_modified) == (PDF_SHA, len(PDF), False)
    assert _inside(got.path, tmp_path) and got.path.endswith(".pdf")
    assert read_sidecar(got.path)["etag"] == ETAG
    again = download(f"{server}/report.pdf", str(tmp_path), timeout=5, max_bytes=LIMIT)
    assert again.not_modified and again.path == got.path and again.sha256 == PDF_SHA
    assert Handler.conditional[-1] == ETAG
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [Path(got.path).name, Path(got.path).name + ".download.json"])   # no temp files left


@pytest.mark.parametrize("path, reason, retryable", [
    ("/missing.pdf", "HTTP 404 Not Found", False),
    ("/page.pdf", "not a PDF: the server sent HTML", False),
    ("/big.pdf", "too big: the server says 1.9 MB, the limit is 0.2 MB", False),
    ("/endless.pdf", "too big: more than the limit of 0.2 MB", False),
    ("/slow.pdf", "timed out: no data from the server for 0.5 s", True),
    ("/to-ftp.pdf", "redirected to a non-http(s) address: ftp://127.0.0.1/x.pdf", False),
])
def test_download_failures_have_a_plain_reason(server, tmp_path, path, reason, retryable):
    with pytest.raises(DownloadError) as info:
        download(f"{server}{path}", str(tmp_path), timeout=0.5, max_bytes=LIMIT)
    assert (info.value.reason, info.value.retryable) == (reason, retryable)
    assert list(tmp_path.iterdir()) == []    # nothing half-written is left behind


def test_a_redirect_is_followed_and_named_after_the_url_asked_for(server, tmp_path):
    got = download(f"{server}/moved.pdf", str(tmp_path), timeout=5, max_bytes=LIMIT)
    assert Path(got.path).name == safe_filename(f"{server}/moved.pdf") and got.sha256 == PDF_SHA
    assert Handler.hits["/moved-here.pdf"] == 1


def test_a_failed_download_keeps_the_earlier_copy(server, tmp_path):
    url = f"{server}/flaky-later.pdf"
    first = download(url, str(tmp_path), timeout=5, max_bytes=LIMIT)
    Handler.fail_first["/flaky-later.pdf"] = 1
    with pytest.raises(DownloadError, match="HTTP 503") as info:
        download(url, str(tmp_path), timeout=5, max_bytes=LIMIT)
    assert info.value.retryable
    assert Path(first.path).read_bytes() == PDF


def test_connection_refused_is_retryable(tmp_path):
    import socket
    with socket.socket() as s:   # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DownloadError) as info:
        download(f"http://127.0.0.1:{port}/x.pdf", str(tmp_path), timeout=2, max_bytes=LIMIT)
    assert info.value.retryable and info.value.reason == "connection refused"


@pytest.mark.parametrize("url, stem", [
    ("https://x/../../etc/passwd.pdf", "passwd"),
    ("https://x/a%2F..%2Fb.pdf", "b"),
    ("https://x/..%2F..%2F..%2Fetc%2Fshadow", "shadow"),
    ("https://x/%2E%2E", "download"),
    ("https://x/dir/", "download"),
    ("https://x/a%00b%5C..%5Cevil.PDF?x=1#y", "evil"),
    ("https://x/Annual Review (2019) £.pdf", "Annual-Review-2019"),
    ("https://x/.hidden.pdf", "hidden"),
])
def test_safe_filename_stays_in_its_folder(url, stem, tmp_path):
    name = safe_filename(url)
    assert name.startswith(stem + "-") and name.endswith(".pdf")
    assert "/" not in name and "\\" not in name and "\x00" not in name and ".." not in name
    assert not name.startswith(".")
    assert _inside(str(tmp_path / name), tmp_path)
    assert safe_filename(url) == name and safe_filename(url + "2") != name   # unique per URL


@pytest.mark.parametrize("path", ["/../../etc/passwd.pdf", "/a%2F..%2Fb.pdf"])
def test_traversal_urls_download_inside_dest_dir(server, tmp_path, path):
    dest = tmp_path / "downloaded"
    got = download(f"{server}{path}", str(dest), timeout=5, max_bytes=LIMIT)
    assert _inside(got.path, dest) and Path(got.path).read_bytes() == PDF
    assert sorted(p.parent for p in tmp_path.rglob("*") if p.is_file()) == [dest, dest]


# --- the manifest ---------------------------------------------------------------------------

def test_the_shipped_manifest_still_reads():
    manifest = load_manifest(str(RAW))
    assert manifest.geography_for("anything.pdf") == "" and manifest.url_sources == []
    assert [Path(p).name for p, _ in local_pdfs(manifest)] == sorted(p.name for p in RAW.glob("*.pdf"))


def test_manifest_folders_urls_and_geographies(tmp_path):
    inp, york = tmp_path / "in", tmp_path / "york"
    inp.mkdir(), york.mkdir()
    for p in (inp / "leeds-2019.PDF", inp / "b.pdf", inp / "notes.txt", york / "Y2.pdf",
              york / "y1.pdf", york / "skip.doc"):
        p.write_bytes(b"%PDF-1.4")
    (inp / "sources.toml").write_text("""
[defaults]
geography = "England"
[[source]]
match = "*.pdf"
geography = ""
[[source]]
match = "leeds-*.pdf"
geography = "Leeds"
[[source]]
folder = "../york"
geography = "York"
[[source]]
folder = "../nowhere"
[[source]]
url = "https://example.org/r/leeds-2020.pdf"
[[source]]
url = "https://example.org/r/hull.pdf"
geography = "Hull"
[download]
timeout_seconds = 5
max_megabytes = 2
retries = 4
retry_delay_seconds = 1.5
""")
    m = load_manifest(str(inp))
    assert [(Path(p).name, g) for p, g in local_pdfs(m)] == [
        ("b.pdf", "England"), ("leeds-2019.PDF", "Leeds"), ("Y2.pdf", "York"), ("y1.pdf", "York")]
    assert [s.url.rsplit("/", 1)[1] for s in m.url_sources] == ["leeds-2020.pdf", "hull.pdf"]
    assert m.geography_of(m.url_sources[0], safe_filename(m.url_sources[0].url)) == "Leeds"
    assert m.geography_of(m.url_sources[1], "hull.pdf") == "Hull"
    assert m.problems == [{"document": str(tmp_path / "nowhere"),
                           "reason": "source folder not found (sources.toml)"}]
    d = m.download
    assert (d.timeout_seconds, d.max_bytes, d.retries) == (5, 2 * 1024 * 1024, 4)
    assert d.retry_delay_seconds == (1.5, 3.0, 6.0, 12.0)   # a number: exponential backoff
    # rules match file names in any case; a folder's own geography is not a rule
    assert m.geography_for("LEEDS-1.pdf") == "Leeds" and m.geography_for("y1.pdf") == "England"


@pytest.mark.parametrize("text, message", [
    ('[[source]]\nfolder = "a"\nurl = "https://x/a.pdf"', "either `folder` or `url`"),
    ('[[source]]\nurl = "file:///etc/passwd"', "http:// or https://"),
    ('[[source]]\ngeograpy = "Leeds"\nmatch = "*.pdf"', "unknown key(s): geograpy"),
    ('[download]\nretries = -1', "`retries` must be"),
    ('[download]\nretry_delay_seconds = ["a"]', "`retry_delay_seconds` must be"),
    ("[[source]]\nmatch = ", "not valid TOML"),
])
def test_a_manifest_mistake_is_named(tmp_path, text, message):
    (tmp_path / "sources.toml").write_text(text)
    with pytest.raises(ManifestError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_manifest(str(tmp_path))


# --- Prefect: retries and fetch_sources -----------------------------------------------------

def test_prefect_retries_only_what_can_recover(server, tmp_path):
    Handler.fail_first["/flaky.pdf"] = 2
    Handler.fail_first["/down.pdf"] = 100
    Handler.hits.pop("/missing.pdf", None)

    @flow(name="retry-test")
    def attempt(path: str, retries: int):
        task = download_source.with_options(retries=retries, retry_delay_seconds=[0])
        try:
            return task(f"{server}{path}", str(tmp_path), 5.0, LIMIT)
        except DownloadError as exc:
            return exc

    got = attempt("/flaky.pdf", 3)
    assert Path(got.path).read_bytes() == PDF and Handler.hits["/flaky.pdf"] == 3   # 503, 503, 200
    err = attempt("/down.pdf", 2)
    assert isinstance(err, DownloadError) and err.reason == "HTTP 503 Service Unavailable"
    assert Handler.hits["/down.pdf"] == 3                  # the first try and 2 retries
    err = attempt("/missing.pdf", 3)
    assert isinstance(err, DownloadError) and err.reason == "HTTP 404 Not Found"
    assert Handler.hits["/missing.pdf"] == 1               # a 404 is not retried
    Handler.fail_first.pop("/down.pdf")


def test_fetch_sources_reports_failures_and_falls_back(server, tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "sources.toml").write_text(f"""
[[source]]
url = "{server}/fetch-ok.pdf"
geography = "Leeds"
[[source]]
url = "{server}/missing.pdf"
[[source]]
url = "{server}/page.pdf"
[[source]]
url = "{server}/fetch-later.pdf"
[download]
timeout_seconds = 5
retries = 1
retry_delay_seconds = [0]
""")
    manifest = load_manifest(str(inp))
    download(f"{server}/fetch-later.pdf", str(inp / "downloaded"), 5, LIMIT)   # an earlier run
    Handler.fail_first["/fetch-later.pdf"] = 10
    Handler.hits.pop("/missing.pdf", None)

    @flow(name="fetch-test")
    def run():
        return fetch_sources(manifest, str(inp))

    documents, problems = run()
    dl = inp / "downloaded"
    assert documents == [
        (str(dl / safe_filename(f"{server}/fetch-ok.pdf")), f"{server}/fetch-ok.pdf", "Leeds"),
        (str(dl / safe_filename(f"{server}/fetch-later.pdf")), f"{server}/fetch-later.pdf", ""),
    ]
    assert all(Path(p).read_bytes() == PDF for p, _, _ in documents)
    assert [(p["document"].rsplit("/", 1)[1], p["status"], p["reason"]) for p in problems[:2]] == [
        ("missing.pdf", "rejected", "HTTP 404 Not Found"),
        ("page.pdf", "rejected", "not a PDF: the server sent HTML")]
    assert problems[2]["status"] == "warning" and problems[2]["reason"].startswith(
        "download failed (HTTP 503 Service Unavailable); using the copy downloaded ")
    assert len(problems) == 3 and Handler.hits["/missing.pdf"] == 1
    assert Handler.hits["/fetch-later.pdf"] == 1 + 2        # the earlier run, then 1 try + 1 retry
    Handler.fail_first.pop("/fetch-later.pdf")
    assert sorted(os.listdir(dl)) == sorted(
        f for d in documents for f in (Path(d[0]).name, Path(d[0]).name + ".download.json"))
