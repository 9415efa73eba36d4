"""Deciding, before anything heavy loads, that a run has nothing to do.

A scheduled run over a folder that did not change would otherwise start Prefect's local
API, look up every document in the cache and reuse the validated outputs: about ten CPU
seconds to publish the same bytes again. Instead each finished run leaves
`output/.last_run.json` with a fingerprint of everything its outputs depend on (the
files it read, by name, size and modification time; the manifest; the options that change
a reading; the project's code and the reading libraries' versions). A run whose
fingerprint matches, and whose recorded version is still there, stops at once.

It is conservative: a file touched but not changed, a URL source (which only a
conditional download can check), or a Prefect server to record the run on all mean a
normal run, which still reuses the cache.
"""
from __future__ import annotations

import hashlib
import json
import os
import tomllib

from flows.limits import Limits
from flows.lock import OutputLocked, run_lock
from flows.sources import ManifestError, load_manifest, local_pdfs
from flows.versions import PUBLISH_AND_FLOW_CODE, code_hash, pipeline_version

STATE_FILE = ".last_run.json"
INTERRUPTED_RUN = "interrupted_run"   # schemas/dataset.py's name, without importing pandas


def fingerprint(input_dir: str, limits: Limits) -> str | None:
    """A hash of the run's inputs, limits and code, or None when they cannot be known up
    front (URL sources, an unreadable manifest)."""
    try:
        manifest = load_manifest(input_dir)
    except ManifestError:
        return None
    if manifest.url_sources:
        return None
    # typed as the flow types them: 300 from the command line is 300.0 in the flow
    h = hashlib.sha256(json.dumps([int(limits.max_pages), float(limits.max_seconds),
                                   int(limits.max_memory)]).encode())
    h.update(pipeline_version().encode())           # the extraction code and its readers
    h.update(code_hash(PUBLISH_AND_FLOW_CODE).encode())
    h.update(json.dumps(manifest.problems, sort_keys=True).encode())
    # every file a run reads or reports: the PDFs with their geography, and the rest of
    # the input folder's top level (the manifest, files rejected as not PDFs)
    entries = local_pdfs(manifest)
    entries += [(os.path.join(input_dir, name), "") for name in sorted(os.listdir(input_dir))]
    for path, geography in entries:
        try:
            st = os.stat(path)
        except OSError:
            continue
        h.update(json.dumps([os.path.abspath(path), geography, st.st_size, st.st_mtime_ns,
                             os.path.isdir(path)]).encode())
    return h.hexdigest()


def last_run(output_dir: str) -> dict:
    try:
        with open(os.path.join(output_dir, STATE_FILE), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return {}


def record_run(output_dir: str, state: dict) -> None:
    """Written last, in one step, so a stopped run leaves the previous state."""
    path = os.path.join(output_dir, STATE_FILE)
    with open(path + ".tmp", "w", encoding="utf-8") as fh:
        json.dump(state, fh, indent=2)
    os.replace(path + ".tmp", path)


def nothing_changed(input_dir: str, output_dir: str, limits: Limits) -> dict | None:
    """The last run's state when this run would repeat it exactly, else None. Decided
    under the output's lock: while another run publishes, this one is a normal run (which
    then says the output is locked)."""
    state = last_run(output_dir)
    if not state.get("fingerprint") or not os.path.isdir(state.get("version", "")):
        return None
    try:
        with run_lock(output_dir):
            return _same_as(state, input_dir, output_dir, limits)
    except OutputLocked:
        return None


def _same_as(state: dict, input_dir: str, output_dir: str, limits: Limits) -> dict | None:
    if os.path.lexists(os.path.join(output_dir, INTERRUPTED_RUN)):
        return None     # a run was stopped since: a finished one replaces its report
    if state.get("published") and \
            os.path.realpath(os.path.join(output_dir, "current")) != os.path.realpath(state["version"]):
        return None     # another version was published since (or current was moved by hand)
    return state if fingerprint(input_dir, limits) == state["fingerprint"] else None


def configured_api_url() -> str:
    """PREFECT_API_URL as Prefect would find it, read without importing Prefect (its import
    alone costs two CPU seconds): the environment, a .env file, prefect.toml or
    pyproject.toml's [tool.prefect] in the working folder, or the active profile."""
    if os.environ.get("PREFECT_API_URL", "").strip():
        return os.environ["PREFECT_API_URL"].strip()
    try:
        with open(".env", encoding="utf-8") as fh:
            for line in fh:
                key, _, value = line.partition("=")
                if key.strip().removeprefix("export ").strip() == "PREFECT_API_URL":
                    return value.strip().strip("'\"")
    except OSError:
        pass
    for path, table in (("prefect.toml", ()), ("pyproject.toml", ("tool", "prefect"))):
        data = _toml(path)
        for key in table:
            data = data.get(key, {})
        if str(data.get("api", {}).get("url", "")).strip():
            return str(data["api"]["url"]).strip()
    home = os.path.expanduser(os.environ.get("PREFECT_HOME", "~/.prefect"))
    profiles = _toml(os.environ.get("PREFECT_PROFILES_PATH", os.path.join(home, "profiles.toml")))
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active", "ephemeral")
    return str(profiles.get("profiles", {}).get(active, {}).get("PREFECT_API_URL", "")).strip()


def _toml(path: str) -> dict:
    try:
        with open(os.path.expanduser(path), "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
