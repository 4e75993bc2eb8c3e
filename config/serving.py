"""How the ASGI application is served: uvicorn by default, daphne supported.

Measured with `make bench` on the same app (bench/results/reference.json, the
dispatch phase on each): uvicorn spent less CPU per websocket frame (23.2 against
30.96 us in the event loop) and per socket opened (4.41 against 5.61 ms) than
daphne, whose Twisted reactor re-registers a writer for every write; an idle
dispatch socket cost it more memory (35.3 against 31.1 KB). daphne stays a
first-class choice (ASGI_SERVER=daphne): it is what Channels documents.
"""

from __future__ import annotations

import os
import sys

SERVERS = ("uvicorn", "daphne")
APPLICATION = "config.asgi:application"


def default_server() -> str:
    return os.environ.get("ASGI_SERVER", "uvicorn")


def server_command(kind: str, *, host: str, port: int, application: str = APPLICATION) -> list[str]:
    if kind == "daphne":
        return [sys.executable, "-m", "daphne", "-b", host, "-p", str(port), application]
    if kind == "uvicorn":
        return [
            sys.executable,
            "-m",
            "uvicorn",
            application,
            "--host",
            host,
            "--port",
            str(port),
            # Django's ASGI handler does not speak lifespan.
            "--lifespan",
            "off",
            # The lightest of uvicorn's websocket implementations in memory per socket.
            "--ws",
            "websockets-sansio",
            # Frames are encoded once per audience; deflate would add a zlib pass per
            # frame per socket (daphne never compresses either).
            "--ws-per-message-deflate",
            "false",
            # Client addresses come from the app's NUM_PROXIES setting alone, as on daphne.
            "--no-proxy-headers",
        ]
    raise ValueError(f"unknown ASGI server {kind!r}; one of {', '.join(SERVERS)}")


def main(argv: list[str] | None = None) -> None:
    """`python -m config.serving --host 0.0.0.0 --port 8000`: the web server alone
    (docker-compose's `web`), chosen by ASGI_SERVER."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--server", choices=SERVERS, default=default_server())
    args = parser.parse_args(argv)
    command = server_command(args.server, host=args.host, port=args.port)
    os.execv(command[0], command)  # noqa: S606 (our own interpreter, fixed arguments)


if __name__ == "__main__":
    main()
