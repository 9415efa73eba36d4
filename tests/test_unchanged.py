"""The fingerprint that lets a run with nothing to do stop before anything loads: it must
change with every input, limit or code change that could change the outputs."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows.limits import Limits
from flows.lock import run_lock
from flows.unchanged import configured_api_url, fingerprint, nothing_changed, record_run

RAW = Path(__file__).resolve().parent.parent / "raw_docs"
LIMITS = Limits(1000, 300, 2 << 30)


def test_the_fingerprint_follows_every_input_and_limit(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    pdf = inp / "scorecard.pdf"
    pdf.write_bytes((RAW / "safe-city-scorecard-2016-17.pdf").read_bytes())
    first = fingerprint(str(inp), LIMITS)
    assert first and fingerprint(str(inp), Limits(1000, 300.0, 2 << 30)) == first
    seen = {first}
    for change in (lambda: os.utime(pdf, ns=(0, 12345)),                     # touched
                   lambda: (inp / "notes.txt").write_text("not a PDF"),      # a file rejected
                   lambda: (inp / "sources.toml").write_text(                # a geography
                       '[[source]]\nmatch = "*.pdf"\ngeography = "Leeds"\n')):
        change()
        now = fingerprint(str(inp), LIMITS)
        assert now not in seen
        seen.add(now)
    assert fingerprint(str(inp), Limits(999, 300, 2 << 30)) not in seen
    (inp / "sources.toml").write_text('[[source]]\nurl = "https://example.org/a.pdf"\n')
    assert fingerprint(str(inp), LIMITS) is None       # only a download can tell


@pytest.fixture
def recorded(tmp_path):
    """An input folder and an output whose last finished run read it and published v1."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "a.pdf").write_bytes((RAW / "safe-city-scorecard-2016-17.pdf").read_bytes())
    version = out / "versions" / "v1"
    version.mkdir(parents=True)
    (out / "current").symlink_to(Path("versions") / "v1")
    record_run(str(out), {"fingerprint": fingerprint(str(inp), LIMITS), "version": str(version),
                          "published": True})
    return str(inp), out


def test_nothing_changed_needs_the_recorded_version_to_be_the_published_one(recorded):
    inp, out = recorded
    assert nothing_changed(inp, str(out), LIMITS)["version"] == str(out / "versions" / "v1")
    assert nothing_changed(inp, str(out), Limits(1, 300, 2 << 30)) is None
    (out / "versions" / "v2").mkdir()
    (out / "current").unlink()
    (out / "current").symlink_to(Path("versions") / "v2")    # published since by another run
    assert nothing_changed(inp, str(out), LIMITS) is None


def test_a_stopped_run_or_one_publishing_means_a_normal_run(recorded):
    inp, out = recorded
    assert nothing_changed(inp, str(out), LIMITS) is not None
    with run_lock(str(out)):                  # another run is publishing
        assert nothing_changed(inp, str(out), LIMITS) is None
    (out / "interrupted_run").mkdir()         # a run was stopped since the last one finished
    assert nothing_changed(inp, str(out), LIMITS) is None


def test_a_configured_server_is_found_where_prefect_looks_for_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_PROFILE", raising=False)
    monkeypatch.delenv("PREFECT_PROFILES_PATH", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "home"))
    assert configured_api_url() == ""            # none: the run starts a temporary local API
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "profiles.toml").write_text(
        'active = "work"\n[profiles.work]\nPREFECT_API_URL = "http://profile:4200/api"\n')
    assert configured_api_url() == "http://profile:4200/api"
    (tmp_path / "pyproject.toml").write_text('[tool.prefect.api]\nurl = "http://pyproject/api"\n')
    assert configured_api_url() == "http://pyproject/api"
    (tmp_path / "prefect.toml").write_text('[api]\nurl = "http://toml/api"\n')
    assert configured_api_url() == "http://toml/api"
    (tmp_path / ".env").write_text('PREFECT_API_URL="http://dotenv/api"\n')
    assert configured_api_url() == "http://dotenv/api"
    monkeypatch.setenv("PREFECT_API_URL", "http://env/api")
    assert configured_api_url() == "http://env/api"
