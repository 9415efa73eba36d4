"""The sources manifest (`<input_dir>/sources.toml`) and PDF downloads; plain Python, no Prefect.

The manifest is a data file the user edits. Every key is optional and a missing file means
"the PDFs in the input folder, area read from each document":

    [defaults]
    geography = ""                  # area when nothing more specific applies ("" = read it from the document)

    [[source]]                      # a geography rule for files named like `match`
    match = "leeds-*.pdf"
    geography = "Leeds"

    [[source]]                      # more PDFs from another folder (relative to this file)
    folder = "../archive/york"
    match = "*.pdf"                 # default; case-insensitive; sorted by name
    geography = "York"

    [[source]]                      # one PDF from the web, saved in <input_dir>/downloaded/
    url = "https://example.org/reports/annual-review-2019.pdf"
    geography = "Bristol"

    [download]
    timeout_seconds = 60            # give up when the server sends nothing for this long
    max_megabytes = 100             # larger files are refused
    retries = 3                     # further attempts after a timeout, lost connection or 5xx
    retry_delay_seconds = [2, 10, 30]   # wait before retry 1, 2, 3 (the last repeats);
                                        # a single number b means exponential: b, 2b, 4b, ...

The input folder itself is always a source: every `*.pdf` (any case) at its top level.
"""
from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import socket
import ssl
import tempfile
import tomllib
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime, timezone


MANIFEST_FILE = "sources.toml"
DOWNLOAD_FOLDER = "downloaded"
SIDECAR_SUFFIX = ".download.json"
USER_AGENT = "council-indicators/0.1 (+https://github.com/; PDF fetcher)"
CHUNK = 64 * 1024
SNIFF_BYTES = 1024


class ManifestError(ValueError):
    """sources.toml cannot be used as written (the message says where and why)."""


class DownloadError(Exception):
    """A URL could not be fetched as a PDF. `reason` is one plain line for the run report;
    `retryable` says whether trying again later could help (timeouts, lost connections,
    5xx) or not (404, not a PDF, too big)."""

    def __init__(self, reason: str, retryable: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable

    def __reduce__(self):  # keep both fields through pickling (Prefect may copy exceptions)
        return (self.__class__, (self.reason, self.retryable))


@dataclass(frozen=True)
class Source:
    """One [[source]] entry: a geography rule (match only), a folder or a URL."""
    match: str = ""
    geography: str = ""
    folder: str = ""     # absolute path, resolved against the manifest's folder
    url: str = ""

    @property
    def kind(self) -> str:
        return "url" if self.url else "folder" if self.folder else "rule"


@dataclass(frozen=True)
class DownloadSettings:
    timeout_seconds: float = 60.0
    max_megabytes: float = 100.0
    retries: int = 3
    retry_delay_seconds: tuple[float, ...] = (2.0, 10.0, 30.0)

    @property
    def max_bytes(self) -> int:
        return int(self.max_megabytes * 1024 * 1024)


@dataclass
class Manifest:
    input_dir: str = "."
    default_geography: str = ""
    sources: list[Source] = field(default_factory=list)   # [[source]] entries in file order
    download: DownloadSettings = field(default_factory=DownloadSettings)
    problems: list[dict] = field(default_factory=list)    # [{document, reason}]: e.g. a missing folder

    def geography_for(self, filename: str) -> str:
        """The geography of the first `match` rule that fits the file name and sets one, else
        the default (the same rule as before folders and URLs existed).

        Rules with an empty geography are skipped, so the shipped catch-all `*.pdf` entry
        never hides a more specific one added below it. Only plain rules count here (a
        folder's `match` selects its files). "" means: read the area from the document.
        """
        name = os.path.basename(filename)
        for src in self.sources:
            if src.kind != "rule":
                continue
            # Case-insensitive, like the *.pdf discovery (Report.PDF is still a PDF).
            if src.match and fnmatch.fnmatch(name.lower(), src.match.lower()) and src.geography:
                return src.geography
        return self.default_geography

    def geography_of(self, src: Source, filename: str) -> str:
        """A folder's or URL's own geography, else the rules' and default's for the file name."""
        return src.geography or self.geography_for(filename)

    @property
    def url_sources(self) -> list[Source]:
        return [s for s in self.sources if s.kind == "url"]

    @property
    def folder_sources(self) -> list[Source]:
        return [s for s in self.sources if s.kind == "folder"]

    @property
    def download_dir(self) -> str:
        return os.path.join(self.input_dir, DOWNLOAD_FOLDER)


# --- reading the manifest -------------------------------------------------------------------

def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        raise ManifestError(f"{where}: `{key}` must be a string, got {value!r}")
    return value.strip()


def _number(table: dict, key: str, default: float, where: str, minimum: float = 0.0) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise ManifestError(f"{where}: `{key}` must be a number >= {minimum:g}, got {value!r}")
    return float(value)


def _download_settings(table: dict, where: str) -> DownloadSettings:
    if not isinstance(table, dict):
        raise ManifestError(f"{where}: [download] must be a table")
    unknown = set(table) - {"timeout_seconds", "max_megabytes", "retries", "retry_delay_seconds"}
    if unknown:
        raise ManifestError(f"{where}: unknown key(s) in [download]: {', '.join(sorted(unknown))}")
    timeout = _number(table, "timeout_seconds", 60, where)
    max_mb = _number(table, "max_megabytes", 100, where)
    if timeout <= 0 or max_mb <= 0:
        raise ManifestError(f"{where}: timeout_seconds and max_megabytes must be above 0")
    retries = table.get("retries", 3)
    if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= 50:
        raise ManifestError(f"{where}: `retries` must be a whole number from 0 to 50, got {retries!r}")
    delay = table.get("retry_delay_seconds", [2, 10, 30])
    if isinstance(delay, list):
        if not delay or not all(isinstance(d, (int, float)) and not isinstance(d, bool) and d >= 0
                                for d in delay) or len(delay) > 50:
            raise ManifestError(f"{where}: `retry_delay_seconds` must be 1 to 50 numbers >= 0, "
                                f"got {delay!r}")
        delays = tuple(float(d) for d in delay)
    else:   # a base b: exponential backoff b, 2b, 4b, ... one delay per retry
        base = _number(table, "retry_delay_seconds", 0, where)
        delays = tuple(base * 2 ** i for i in range(max(retries, 1)))
    return DownloadSettings(timeout, max_mb, retries, delays)


def load_manifest(input_dir: str) -> Manifest:
    """Read `input_dir`/sources.toml (a missing file means: no overrides, no extra sources).

    Raises ManifestError for a manifest that cannot be used as written (bad TOML, a
    [[source]] with both `folder` and `url`, a URL that is not http(s), ...). A folder
    that does not exist is not an error: it is listed in `Manifest.problems`.
    """
    manifest = Manifest(input_dir=input_dir)
    path = os.path.join(input_dir, MANIFEST_FILE)
    if not os.path.exists(path):
        return manifest
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path}: not valid TOML ({exc})") from None
    base = os.path.dirname(os.path.abspath(path))
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise ManifestError(f"{path}: [defaults] must be a table")
    manifest.default_geography = _text(defaults, "geography", f"{path} [defaults]")
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise ManifestError(f"{path}: `source` must be written as [[source]] blocks")
    for i, entry in enumerate(entries, 1):
        where = f"{path} [[source]] #{i}"
        if not isinstance(entry, dict):
            raise ManifestError(f"{where}: must be a table")
        unknown = set(entry) - {"match", "geography", "folder", "url"}
        if unknown:
            raise ManifestError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
        match, geography = _text(entry, "match", where), _text(entry, "geography", where)
        folder, url = _text(entry, "folder", where), _text(entry, "url", where)
        if folder and url:
            raise ManifestError(f"{where}: give either `folder` or `url`, not both")
        if url:
            if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https") \
                    or not urllib.parse.urlsplit(url).netloc:
                raise ManifestError(f"{where}: `url` must be an http:// or https:// address, got {url!r}")
            if match:
                raise ManifestError(f"{where}: `match` does not apply to a `url` source")
        if folder:
            folder = os.path.normpath(os.path.join(base, os.path.expanduser(folder)))
            match = match or "*.pdf"
            if not os.path.isdir(folder):
                manifest.problems.append({"document": folder,
                                          "reason": "source folder not found (sources.toml)"})
        if not (match or folder or url):
            raise ManifestError(f"{where}: needs `match`, `folder` or `url`")
        manifest.sources.append(Source(match=match, geography=geography, folder=folder, url=url))
    manifest.download = _download_settings(data.get("download", {}), path)
    return manifest


def _pdfs_in(folder: str, pattern: str) -> list[str]:
    """Files at the top level of `folder` whose name fits `pattern` (any case), by name."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    names = sorted(n for n in names if fnmatch.fnmatch(n.lower(), pattern.lower()))
    return [os.path.join(folder, n) for n in names if os.path.isfile(os.path.join(folder, n))]


def local_pdfs(manifest: Manifest) -> list[tuple[str, str]]:
    """(path, geography) of every local PDF: the input folder's `*.pdf` first (by name), then
    each [[source]] folder in manifest order. A file reached twice is listed once."""
    found, seen = [], set()
    groups = [(None, _pdfs_in(manifest.input_dir, "*.pdf"))]
    groups += [(src, _pdfs_in(src.folder, src.match)) for src in manifest.folder_sources]
    for src, paths in groups:
        for path in paths:
            key = os.path.realpath(path)
            if key in seen:
                continue
            seen.add(key)
            geo = manifest.geography_for(path) if src is None else manifest.geography_of(src, path)
            found.append((path, geo))
    return found


# --- downloads ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Downloaded:
    path: str
    url: str
    sha256: str
    size: int
    not_modified: bool = False   # the server said 304: the earlier copy was reused


def safe_filename(url: str) -> str:
    """A file name for `url` that stays in its folder: the last path segment (after
    %-decoding) with anything but letters, digits, `.`, `_` and `-` replaced, no leading
    dots, plus a short hash of the whole URL (two URLs never share a file), ending in .pdf."""
    path = urllib.parse.urlsplit(url.strip()).path
    name = urllib.parse.unquote(path).replace("\\", "/").split("/")[-1]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name.replace("\x00", ""))
    name = re.sub(r"\.{2,}", ".", name).strip(".-_ ")
    if name.lower().endswith(".pdf"):
        name = name[:-4].rstrip(".-_")
    name = name[:80].rstrip(".-_") or "download"
    digest = hashlib.sha256(url.strip().encode("utf-8")).hexdigest()[:10]
    return f"{name}-{digest}.pdf"


def _sidecar_path(path: str) -> str:
    return path + SIDECAR_SUFFIX


def read_sidecar(path: str) -> dict:
    """What was recorded when `path` was downloaded ({} when nothing usable is recorded)."""
    try:
        with open(_sidecar_path(path), encoding="utf-8") as fh:
            data = json.load(fh)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_sidecar(path: str, data: dict) -> None:
    tmp = _sidecar_path(path) + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, sort_keys=True)
    os.replace(tmp, _sidecar_path(path))


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _not_pdf_reason(head: bytes, content_type: str) -> str:
    sniff = head.lstrip().lower()
    if not sniff:
        return "not a PDF: the server sent an empty response"
    if sniff.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in sniff:
        return "not a PDF: the server sent HTML"
    if sniff.startswith(b"<"):
        return "not a PDF: the server sent XML"
    kind = content_type.split(";")[0].strip() or "something else"
    return f"not a PDF: the server sent {kind}"


def _causes(exc: BaseException):
    """The exception and the ones it was raised from (httpx wraps the socket's error)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _network_reason(exc: BaseException, timeout: float) -> tuple[str, bool]:
    """A one-line reason and whether retrying could help, for errors below HTTP."""
    import httpx
    for inner in _causes(exc):
        if isinstance(inner, (httpx.TimeoutException, TimeoutError, socket.timeout)):
            return f"timed out: no data from the server for {timeout:g} s", True
        if isinstance(inner, ssl.SSLCertVerificationError):
            return f"TLS certificate not accepted ({inner.verify_message})", False
        if isinstance(inner, ssl.SSLError):
            return f"TLS error ({inner.reason or inner})", True
        if isinstance(inner, socket.gaierror):
            return "host not found (DNS lookup failed)", True
        if isinstance(inner, ConnectionRefusedError):
            return "connection refused", True
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)):
        return f"connection lost ({type(exc).__name__})", True
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({exc})", True
    return f"download failed ({type(exc).__name__}: {exc})", True


def _http_reason(code: int, msg: str) -> tuple[str, bool]:
    text = f"HTTP {code} {msg}".strip()
    return text, code >= 500 or code in (408, 425, 429)


def _only_http_redirects(response) -> None:
    """httpx response hook: follow redirects to http(s) only."""
    if response.is_redirect:
        target = response.url.join(response.headers.get("Location", ""))
        if target.scheme not in ("http", "https"):
            raise DownloadError(f"redirected to a non-http(s) address: {target}", retryable=False)


def download(url: str, dest_dir: str, timeout: float = 60.0,
             max_bytes: int = 100 * 1024 * 1024) -> Downloaded:
    """Fetch one PDF into `dest_dir`/safe_filename(url), atomically, with httpx.

    The body is streamed to a temporary file in `dest_dir`, refused beyond `max_bytes`
    (at once when Content-Length already says so), checked to start like a PDF (`%PDF-`
    within the first 1024 bytes) and only then renamed into place, so a failed download
    never replaces a good earlier copy. A JSON sidecar (`<file>.download.json`) keeps the
    URL, ETag, Last-Modified and sha256; the next call sends If-None-Match /
    If-Modified-Since and a 304 reuses the file (`not_modified=True`). (An HTTP cache
    such as hishel would keep a second copy of every PDF; the file and its sidecar are
    the cache.) Certificates are checked against the system's CA store, as curl does.

    `timeout` bounds connecting and each wait for data, not the whole transfer.
    Raises DownloadError(reason, retryable).
    """
    import httpx

    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise DownloadError(f"not an http(s) URL: {url}", retryable=False)
    os.makedirs(dest_dir, exist_ok=True)
    final = os.path.join(dest_dir, safe_filename(url))
    previous = read_sidecar(final) if os.path.isfile(final) else {}
    if previous.get("url") != url:
        previous = {}
    headers = {"User-Agent": USER_AGENT, "Accept": "application/pdf, */*;q=0.5"}
    if previous.get("etag"):
        headers["If-None-Match"] = previous["etag"]
    if previous.get("last_modified"):
        headers["If-Modified-Since"] = previous["last_modified"]

    tmp_path = None
    try:
        with httpx.Client(follow_redirects=True, max_redirects=10, timeout=timeout,
                          verify=ssl.create_default_context(),
                          event_hooks={"response": [_only_http_redirects]}) as client, \
                client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304 and previous:
                from extractors.pdf.document import sha256_of
                return Downloaded(final, url, sha256_of(final), os.path.getsize(final),
                                  not_modified=True)
            if response.status_code >= 400 or response.status_code == 304:
                raise DownloadError(*_http_reason(response.status_code, response.reason_phrase))
            length = response.headers.get("Content-Length", "")
            if length.strip().isdigit() and int(length) > max_bytes:
                raise DownloadError(f"too big: the server says {_megabytes(int(length))}, "
                                    f"the limit is {_megabytes(max_bytes)}", retryable=False)
            content_type = response.headers.get("Content-Type", "")
            fd, tmp_path = tempfile.mkstemp(prefix=".part-", suffix=".pdf", dir=dest_dir)
            h, size, head, checked = hashlib.sha256(), 0, b"", False
            with os.fdopen(fd, "wb") as out:
                # decoded bytes: a compressed body is capped by what it inflates to
                for chunk in response.iter_bytes(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise DownloadError(f"too big: more than the limit of {_megabytes(max_bytes)}",
                                            retryable=False)
                    if not checked:
                        head += chunk[:SNIFF_BYTES - len(head)]
                        if len(head) >= SNIFF_BYTES:
                            checked = True
                            if b"%PDF-" not in head:
                                raise DownloadError(_not_pdf_reason(head, content_type))
                    h.update(chunk)
                    out.write(chunk)
            if not checked and b"%PDF-" not in head:
                raise DownloadError(_not_pdf_reason(head, content_type))
            os.replace(tmp_path, final)
            tmp_path = None
            record = {"url": url, "etag": response.headers.get("ETag", ""),
                      "last_modified": response.headers.get("Last-Modified", ""),
                      "sha256": h.hexdigest(), "size": size, "content_type": content_type,
                      "downloaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            _write_sidecar(final, record)
            return Downloaded(final, url, record["sha256"], size, not_modified=False)
    except DownloadError:
        raise
    except httpx.TooManyRedirects:
        raise DownloadError("too many redirects (more than 10)", retryable=False) from None
    except httpx.HTTPError as exc:     # socket errors arrive wrapped in these
        raise DownloadError(*_network_reason(exc, timeout)) from None
    finally:
        if tmp_path is not None:
            try:
                os.remove(tmp_path)
            except OSError:
                pass


def earlier_download(url: str, dest_dir: str) -> dict | None:
    """The sidecar of an earlier successful download of `url` whose file is still there
    (with `path` added), else None."""
    path = os.path.join(dest_dir, safe_filename(url))
    if not os.path.isfile(path):
        return None
    record = read_sidecar(path)
    if record.get("url") != url:
        return None
    return {**record, "path": path}
