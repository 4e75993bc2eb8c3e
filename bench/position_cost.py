"""Server CPU per position request, on one served uvicorn process (issue 19).

    python -m bench.position_cost [--requests 300] [--repeats 3] [--out FILE]

The same app `make run` serves (config.asgi), on the bench's database. Each unit
of a small fleet sends batches of 5 fixes one after another, and the server
process's CPU is read before and after:

- `first`: each request from a caller the endpoint has not seen (every unit its
  own token, each unit once): the token, the staff record and the unit are read;
- `remembered`: the same units again within 30 s (units/api/remembered.py);
- `written_by_request`: UNIT_POSITIONS_WRITE_EVERY_S=0, each request writing its
  own fixes through Django's own handler, as before the writer (remembered).

Sequential requests on a quiet machine: a figure of cost, not of latency.
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import procs, stack
from bench.run import free_port
from bench.stats import keep, over_runs
from config import serving

RESULTS = Path(__file__).resolve().parent / "results" / "units"


def batch(seq: int) -> bytes:
    now = datetime.now(UTC) - timedelta(seconds=1)
    fixes = [
        {
            "lat": -5.40 + step * 1e-4,
            "lon": 105.25,
            "at": (now - timedelta(seconds=2 * (4 - step), microseconds=seq)).isoformat(),
            "accuracy_m": 8.0,
        }
        for step in range(5)
    ]
    return json.dumps({"positions": fixes}).encode()


def post_all(port: int, fleet: list[list[Any]], start: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for offset, (unit_id, token) in enumerate(fleet):
        headers = {
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Host": "127.0.0.1",
        }
        connection.request(
            "POST", f"/api/units/{unit_id}/positions/", batch(start + offset), headers
        )
        answer = connection.getresponse()
        answer.read()
        if answer.status != 202:
            raise RuntimeError(f"position request answered {answer.status}")
    connection.close()


def ms_per_request(pid: int, port: int, fleet: list[list[Any]], start: int) -> float:
    before = procs.cpu_seconds(pid)
    post_all(port, fleet, start)
    return round((procs.cpu_seconds(pid) - before) / len(fleet) * 1000, 2)


def served(env: dict[str, str], workdir: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = serving.server_command("uvicorn", host="127.0.0.1", port=port)
    log = (workdir / f"uvicorn-{port}.log").open("w")
    process = subprocess.Popen(command, cwd=stack.ROOT, env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while not stack._http_ok(f"http://127.0.0.1:{port}/health/"):
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError(f"server did not start: {workdir}")
        time.sleep(0.3)
    return process, port


def one_run(env: dict[str, str], workdir: Path, fleet: list[list[Any]]) -> dict[str, float]:
    figures = {}
    for variant, every in (("batched", "1"), ("written_by_request", "0")):
        process, port = served({**env, "UNIT_POSITIONS_WRITE_EVERY_S": every}, workdir)
        try:
            post_all(port, fleet[:20], 0)  # warm: imports, connections, first templates
            if variant == "batched":
                figures["first"] = ms_per_request(process.pid, port, fleet[20:], 100_000)
                figures["remembered"] = ms_per_request(process.pid, port, fleet[20:], 200_000)
            else:
                post_all(port, fleet[20:], 300_000)  # remembered, as in the other variant
                figures[variant] = ms_per_request(process.pid, port, fleet[20:], 400_000)
        finally:
            process.terminate()
            process.wait(30)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="units, one request each")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS / "position-cost.json")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-position-cost-"))
    env = stack.stack_env(workdir, LOG_LEVEL="WARNING")
    runs = []
    for _ in range(args.repeats):
        stack.prepare_database(env)
        fleet = stack.dbtools(env, "fleet", "--count", str(args.requests + 20))
        runs.append(one_run(env, workdir, fleet))
    summary = over_runs(runs)
    result = {
        "what": "server CPU ms per position request (5 fixes), one uvicorn process",
        "requests": args.requests,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": runs,
        "summary": summary,
    }
    keep(args.out, result, summary)


if __name__ == "__main__":
    main()
