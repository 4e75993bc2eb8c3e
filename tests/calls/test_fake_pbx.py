"""A fake PBX and a fake AML sender posting real sequences over HTTP to a live server
(daphne on its own seeded SQLite, as the browser tests run it; tests/calls/fake_pbx.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.calls.fake_pbx import FakePbx, get, token_for
from tests.frontend.live import DEMO_PASSWORD, manage, stack_env
from tests.servers import ROOT, daphne


@pytest.fixture(scope="module")
def server(tmp_path_factory: Any) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("pbx-stack")
    env = stack_env(workdir)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "seed_demo")  # makes the pbx account and the dispatcher at extension 201
    with daphne(env, workdir / "daphne.log") as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def pbx(server: str) -> FakePbx:
    return FakePbx(server, "pbx", DEMO_PASSWORD)


@pytest.fixture(scope="module")
def desk(server: str) -> str:
    return token_for(server, "dispatcher", DEMO_PASSWORD)


def test_it_pops_the_answered_call_with_its_handset_fix(
    server: str, pbx: FakePbx, desk: str
) -> None:
    start = datetime.now(UTC) - timedelta(seconds=5)
    assert pbx.event("ring", "1733380000.11", "081277700051", at=start)[0] == 202
    status, answer = pbx.aml(
        device_number="+6281277700051",
        location_latitude="-5.43100",
        location_longitude="105.25800",
        location_accuracy="18",
    )
    assert (status, answer["call_id"]) == (200, "1733380000.11")
    assert pbx.event("answer", "1733380000.11", "081277700051", "201")[0] == 202
    call = get(server, "/api/calls/current/", desk)["call"]
    assert call["caller"] == "+6281277700051"
    assert call["location"]["accuracy_m"] == 18.0
    assert call["last_location"]["source"] == "aml"


def test_it_logs_dropped_and_abandoned_calls_for_a_call_back(
    server: str, pbx: FakePbx, desk: str
) -> None:
    assert pbx.call("1733380000.21", "081277700052", talk_s=6) == [202, 202, 202]
    start = datetime.now(UTC) - timedelta(seconds=30)
    # Abandoned, delivered out of order and twice (a PBX retrying after a timeout).
    assert (
        pbx.event("hangup", "1733380000.22", "081277700053", at=start + timedelta(seconds=9))[0]
        == 202
    )
    assert pbx.event("ring", "1733380000.22", "081277700053", at=start)[0] == 202
    assert pbx.event("ring", "1733380000.22", "081277700053", at=start)[0] == 202
    # A long call with nobody speaking and no report: silent, not for a call-back.
    assert pbx.call("1733380000.23", "081277700054", talk_s=90) == [202, 202, 202]
    waiting = {c["call_id"]: c["outcome"] for c in get(server, "/api/calls/callbacks/", desk)}
    assert waiting == {"1733380000.21": "dropped", "1733380000.22": "abandoned"}


def test_it_refuses_what_a_misconfigured_pbx_sends(server: str, pbx: FakePbx) -> None:
    status, body = pbx.event("answer", "1733380000.31", "081277700055", "")
    assert status == 400 and "extension" in body["errors"]
    status, body = pbx.aml(
        v="2", device_number="+6281277700055", location_latitude="-5.4",
        location_longitude="105.2", location_accuracy="10",
    )  # fmt: skip
    assert status == 400 and "version 2" in body["errors"]["body"][0]
    status, body = pbx.aml(
        device_number="+6281277700055", location_latitude="52.37",
        location_longitude="4.89", location_accuracy="10",
    )  # fmt: skip
    assert status == 400 and "outside Indonesia" in body["errors"]["body"][0]


def test_it_refuses_strangers(server: str) -> None:
    stranger = FakePbx.__new__(FakePbx)
    stranger.base, stranger.token = server, "not-a-token"
    assert stranger.event("ring", "x", "081277700056")[0] in (401, 403)
    assert stranger.aml(device_number="+62812")[0] in (401, 403)


@pytest.mark.skipif(
    shutil.which("curl") is None, reason="the scripts need curl (apt-get install curl)"
)
def test_the_dialplan_helper_posts_the_events(server: str, desk: str, tmp_path: Any) -> None:
    """deploy/asterisk/dispatch-token and dispatch-event, the scripts of
    docs/TELEPHONY.md, against the live server: what an Asterisk admin installs works."""
    token, password = tmp_path / "dispatch.token", tmp_path / "dispatch.password"
    password.write_text(DEMO_PASSWORD + "\n")
    env = {
        **os.environ,
        "DISPATCH_URL": server,
        "DISPATCH_TOKEN_FILE": str(token),
        "DISPATCH_PASSWORD_FILE": str(password),
    }
    renewed = subprocess.run(
        [str(ROOT / "deploy/asterisk/dispatch-token")], env=env, capture_output=True, timeout=30
    )
    assert renewed.returncode == 0, renewed.stderr
    assert len(token.read_text().strip()) >= 40
    script = str(ROOT / "deploy/asterisk/dispatch-event")
    # A caller ID as a trunk may send it: the script keeps only what a number holds.
    for args in (
        ["ring", "1733380000.41", '"Budi" <0812-7770-0057>; $(reboot)'],
        ["answer", "1733380000.41", "0812-7770-0057", "202"],
        ["hangup", "1733380000.41", "0812-7770-0057"],
    ):
        done = subprocess.run([script, *args], env=env, capture_output=True, timeout=30)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["call_id"] == "1733380000.41"
    bad = subprocess.run([script, "transfer", "x", "y"], env=env, capture_output=True)
    assert bad.returncode == 2
    # A withheld number: an empty argument in its place, as the dialplan quotes it.
    for args in (["ring", "1733380000.42", "anonymous"], ["hangup", "1733380000.42", ""]):
        done = subprocess.run([script, *args], env=env, capture_output=True, timeout=30)
        assert done.returncode == 0, done.stderr
    waiting = {c["call_id"]: c for c in get(server, "/api/calls/callbacks/", desk)}
    assert waiting["1733380000.41"]["caller"] == "+6281277700057"
    assert waiting["1733380000.41"]["extension"] == "202"
