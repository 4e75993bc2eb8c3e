"""Container health checks of docker-compose.yml that need more than one command.

`python deploy/healthcheck.py web`: /health/ answers 200, asked as the proxy asks
(a host of ALLOWED_HOSTS, X-Forwarded-Proto https, so the SSL redirect stays away).
`python deploy/healthcheck.py beat`: beat saved its schedule lately (it saves every
few minutes while it sends tasks). Exit 0 when healthy. Plain Python, no Django:
it runs every few seconds.
"""

from __future__ import annotations

import glob
import http.client
import os
import sys
import time

BEAT_SCHEDULE = "/tmp/celerybeat-schedule"  # noqa: S108 (the container's own /tmp)
BEAT_STALE_S = 600


def web_healthy(port: int = 8000) -> bool:
    hosts = [h.strip().lstrip(".") for h in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    host = next((h for h in hosts if h and h != "*"), "localhost")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/health/", headers={"Host": host, "X-Forwarded-Proto": "https"})
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def beat_healthy() -> bool:
    saved = [os.path.getmtime(path) for path in glob.glob(BEAT_SCHEDULE + "*")]
    return bool(saved) and time.time() - max(saved) < BEAT_STALE_S


if __name__ == "__main__":
    checks = {"web": web_healthy, "beat": beat_healthy}
    sys.exit(0 if checks[sys.argv[1]]() else 1)
