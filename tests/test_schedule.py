"""`indicators serve --cron`: a real Prefect server (its own PREFECT_HOME and SQLite DB) and
the CLI as a subprocess; the deployment it registers is read back over the REST API."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from flows.cli import main

REPO = Path(__file__).resolve().parent.parent
PREFECT = Path(sys.executable).with_name("prefect")
CRON = "30 5 * * 1-5"
NAME = "weekday-mornings"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen, first=signal.SIGINT, wait: float = 20) -> None:
    """Stop a process started here and its children (its own process group)."""
    if proc.poll() is not None:
        return
    for sig, seconds in ((first, wait), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(seconds)
            return
        except subprocess.TimeoutExpired:
            continue


def _tail(path: Path) -> str:
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def _request(url: str, body: dict | None = None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read() or b"null")


def _wait_for(what: str, check, proc: subprocess.Popen, log: Path, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what}: the process exited with {proc.returncode}\n{_tail(log)}")
        try:
            found = check()
        except (urllib.error.URLError, OSError, ValueError):
            found = None
        if found:
            return found
        time.sleep(0.5)
    pytest.fail(f"{what}: nothing after {timeout:.0f} s\n{_tail(log)}")


@pytest.fixture
def environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_LEVEL="WARNING", PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
    return env


@pytest.fixture
def server(tmp_path, environment):
    """`prefect server start` on a free port; yields its API URL once /api/health answers."""
    port, log = _free_port(), tmp_path / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port),
             "--no-ui", "--no-services", "--analytics-off"],
            env=environment, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"
    try:
        # the first start creates and migrates the SQLite database
        _wait_for("prefect server", lambda: _request(f"{api}/health") is True, proc, log, 120)
        yield api
    finally:
        _stop(proc, signal.SIGTERM)


def test_serve_registers_a_cron_deployment(server, tmp_path, environment):
    inp, out = tmp_path / "pdfs", tmp_path / "out"
    inp.mkdir()
    log = tmp_path / "serve.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", "--cron", CRON, "--input", str(inp),
             "--output", str(out), "--name", NAME, "--task-runner", "dask", "--workers", "3",
             "--max-pages", "50", "--keep-versions", "4", "--fail-below", "0.25"],
            cwd=REPO, env={**environment, "PREFECT_API_URL": server},
            stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def deployment():
            found = _request(f"{server}/deployments/filter",
                             {"deployments": {"name": {"any_": [NAME]}}})
            return found[0] if found else None

        dep = _wait_for("indicators serve", deployment, proc, log, 90)
        _wait_for("the runner", lambda: "polling for scheduled runs" in _tail(log), proc, log, 60)
        assert [s["schedule"]["cron"] for s in dep["schedules"]] == [CRON]
        assert dep["schedules"][0]["active"] is True
        # every `run` option reaches each scheduled run as a parameter
        assert dep["parameters"] == {"input_dir": str(inp), "output_dir": str(out), "keep_versions": 4,
                                     "use_cache": True, "max_pages": 50, "max_seconds": 300.0,
                                     "max_memory": "2GB", "task_runner": "dask", "dask_address": "",
                                     "workers": 3, "fail_below": 0.25}
        assert _request(f"{server}/flows/{dep['flow_id']}")["name"] == "indicator-pipeline"
        assert proc.poll() is None     # still serving, waiting for Monday-to-Friday 05:30
    finally:
        _stop(proc)   # Ctrl-C: the runner pauses the schedule and exits
    assert proc.returncode == 0, _tail(log)   # Ctrl-C is a clean stop


def test_serve_without_a_server_says_how_to_start_one(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert main(["serve", "--cron", "0 6 * * 1", "--input", str(tmp_path),
                 "--output", str(tmp_path / "out")]) == 6
    err = capsys.readouterr().err
    assert "prefect server start" in err and "export PREFECT_API_URL=http://127.0.0.1:4200/api" in err


@pytest.mark.parametrize("cron", ["0 6 * *", "61 * * * *", "every monday", "H 6 * * 1"])
def test_serve_rejects_a_bad_cron(cron, capsys, tmp_path):
    with pytest.raises(SystemExit) as info:
        main(["serve", "--cron", cron, "--input", str(tmp_path)])
    assert info.value.code == 2 and "is not a cron schedule" in capsys.readouterr().err


def _prefect(args: list[str], env: dict, timeout: float = 120) -> str:
    done = subprocess.run([str(PREFECT), *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
    return done.stdout


def test_prefect_deploy_all_and_a_process_worker_run_the_pipeline(server, tmp_path, environment):
    """prefect.yaml as a Prefect user runs it: a process work pool, `prefect deploy --all`
    from the checkout, a run of the deployment, and a worker that runs it to Completed."""
    import yaml
    env = {**environment, "PREFECT_API_URL": server, "PWD": str(REPO)}
    spec = yaml.safe_load((REPO / "prefect.yaml").read_text())["deployments"][0]
    _prefect(["work-pool", "create", spec["work_pool"]["name"], "--type", "process"], env)
    _prefect(["--no-prompt", "deploy", "--all"], env)
    [dep] = _request(f"{server}/deployments/filter", {})
    assert dep["name"] == spec["name"] and dep["work_pool_name"] == spec["work_pool"]["name"]
    assert [s["schedule"]["cron"] for s in dep["schedules"]] == [spec["schedules"][0]["cron"]]
    inp, out = tmp_path / "pdfs", tmp_path / "out"
    inp.mkdir()
    (inp / "scorecard.pdf").write_bytes((REPO / "raw_docs" / "safe-city-scorecard-2016-17.pdf").read_bytes())
    _prefect(["deployment", "run", f"indicator-pipeline/{spec['name']}",
              "--param", f"input_dir={inp}", "--param", f"output_dir={out}"], env)
    _prefect(["worker", "start", "--pool", spec["work_pool"]["name"], "--run-once"], env, timeout=300)
    [run] = _request(f"{server}/flow_runs/filter", {})
    assert run["state_type"] == "COMPLETED", run["state"]
    assert (out / "indicators.csv").exists() and (out / "report" / "index.html").exists()
