"""serve: the access codes (checked before any trainer process starts) and the instructor's live JSON; watch."""

from __future__ import annotations

import asyncio
import json

import pytest

pytest.importorskip("textual_serve")

from aiohttp.test_utils import TestClient, TestServer
from click.testing import CliRunner

from kasuhara_sim.cli import cli
from kasuhara_sim.engine import Run
from kasuhara_sim.scoring import score_run
from kasuhara_sim.store import Store
from kasuhara_sim.web import server as server_module
from kasuhara_sim.web.server import WorkshopServer, is_loopback

WS_HEADERS = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
              "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}


class FakeAppService:
    """Stands for the trainer process: records that one would have been started."""

    started: list = []

    def __init__(self, *args, **kwargs):
        pass

    async def start(self, width, height):
        FakeAppService.started.append((width, height))

    async def stop(self):
        pass


@pytest.fixture(autouse=True)
def no_processes(monkeypatch):
    FakeAppService.started = []
    monkeypatch.setattr("textual_serve.server.AppService", FakeAppService)


def with_client(srv: WorkshopServer, body):
    async def main():
        app = await srv._make_app()
        async with TestClient(TestServer(app)) as client:
            return await body(client)

    return asyncio.run(main())


def lan_server(**kw) -> WorkshopServer:
    return WorkshopServer("true", host="0.0.0.0", code="ROOM42", instructor_code="TEACH77", session="am", **kw)


def test_loopback_needs_no_code_and_other_addresses_do():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("")

    async def body(client):
        page = await client.get("/")
        state = await client.get("/instructor/state.json")
        return page.status, state.status

    assert with_client(WorkshopServer("true", host="127.0.0.1", session="am"), body) == (200, 200)


@pytest.mark.parametrize("code", [None, "WRONG1", "ROOM4", "TEACH77"])
def test_a_missing_or_wrong_code_is_refused_before_any_trainer_starts(code):
    async def body(client):
        query = {} if code is None else {"code": code}
        page = await client.get("/", params=query, allow_redirects=False)
        ws = await client.get("/ws", headers=WS_HEADERS, params=query)
        posted = await client.post("/code", data={"code": code or "", "role": "trainee", "next": "/"},
                                   allow_redirects=False)
        return page.status, ws.status, posted.status, "ksim_trainee" in posted.cookies

    page, ws, posted, cookie = with_client(lan_server(), body)
    assert (page, ws, posted, cookie) == (401, 403, 401, False)
    assert FakeAppService.started == []  # nothing was started for a refused browser


def test_the_right_code_lets_the_browser_in_and_starts_its_trainer():
    async def body(client):
        first = await client.get("/", params={"code": "room42"}, allow_redirects=False)  # case does not matter
        page = await client.get("/")
        ws = await client.ws_connect("/ws")
        await ws.close()
        instructor = await client.get("/instructor/state.json")  # the trainee's code is not the instructor's
        return first.status, first.headers["Location"], page.status, await page.text(), instructor.status

    status, location, page, html, instructor = with_client(lan_server(), body)
    assert (status, location, page, instructor) == (302, "/", 200, 403)
    assert "ROOM42" not in location and "ws://" in html
    assert len(FakeAppService.started) == 1


def test_the_code_form_and_its_next_page():
    async def body(client):
        wrong = await client.post("/code", data={"code": "NOPE99", "role": "instructor", "next": "/instructor"})
        right = await client.post("/code", data={"code": "TEACH77", "role": "instructor", "next": "/instructor"},
                                  allow_redirects=False)
        away = await client.post("/code", data={"code": "ROOM42", "next": "//evil.example/"}, allow_redirects=False)
        view = await client.get("/instructor")
        return wrong.status, "違います" in await wrong.text(), right.status, right.headers["Location"], \
            away.headers["Location"], view.status

    assert with_client(lan_server(), body) == (401, True, 302, "/instructor", "/", 200)


def play(store, trainee, loaded, picks, *, finish=True, mode="practice"):
    run_id = store.start_run(trainee, loaded, mode)
    run = Run(loaded.scenario)
    for p in picks:
        store.record_turn(run_id, run.choose(p))
    if finish:
        store.finish_run(run_id, score_run(loaded.scenario, run))
    return run


def test_the_live_view_json(kettle, monkeypatch):
    with Store.open() as store:
        monkeypatch.setenv("KASUHARA_SIM_SESSION", "am")
        play(store, "佐藤", kettle, [1, 1, 1], mode="test")
        play(store, "鈴木", kettle, [3, 1, 1])
        halfway = play(store, "田中", kettle, [1, 2], finish=False)
        store.start_run("高橋", kettle)  # has not answered yet
        monkeypatch.setenv("KASUHARA_SIM_SESSION", "pm")
        play(store, "別の回", kettle, [1], finish=False)

    async def body(client):
        page = await client.get("/instructor")
        state = await client.get("/instructor/state.json")
        return await page.text(), state.headers["Content-Type"], json.loads(await state.text())

    html, ctype, st = with_client(WorkshopServer("true", host="127.0.0.1", session="am"), body)
    assert "研修のようす" in html and "instructor/state.json" in html and "http" not in html.split("<script")[2]
    assert ctype.startswith("application/json")
    assert st["session"] == "am" and st["trainees"] == 4 and st["finished_count"] == 2
    playing = {p["trainee"]: p for p in st["playing"]}
    assert set(playing) == {"田中", "高橋"}  # not the other session's trainee
    assert (playing["田中"]["turn"], playing["田中"]["anger"]) == (3, halfway.anger)
    assert (playing["高橋"]["turn"], playing["高橋"]["anger"]) == (1, None)
    finished = {f["trainee"]: f for f in st["finished"]}
    assert (finished["佐藤"]["total"], finished["佐藤"]["passed"]) == (100, True)
    assert (finished["鈴木"]["total"], finished["鈴木"]["passed"]) == (40, None)  # practice: no pass or fail
    assert st["weakest"]["label"] and st["weakest"]["mean"] < 100
    assert st["passed"] == ["佐藤"]


def test_watch_prints_the_same_picture(kettle, monkeypatch):
    monkeypatch.setenv("KASUHARA_SIM_SESSION", "am")
    with Store.open() as store:
        play(store, "佐藤", kettle, [1, 1, 1], mode="test")
        play(store, "田中", kettle, [1, 2], finish=False)
    res = CliRunner().invoke(cli, ["watch", "--session", "am", "--once"])
    assert res.exit_code == 0, res.output
    assert "研修のようす(研修回 am)" in res.output
    assert "田中" in res.output and "ターン 3" in res.output
    assert "佐藤" in res.output and "100 S" in res.output and "合格" in res.output
    res = CliRunner().invoke(cli, ["watch", "--session", "pm", "--once"])
    assert res.exit_code == 0 and "佐藤" not in res.output


def test_serve_refuses_a_bad_code_in_one_line():
    res = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--code", "a b"])
    assert res.exit_code == 2 and "--code" in res.output and "Traceback" not in res.output


def test_serve_generates_and_prints_the_codes_off_loopback(monkeypatch):
    seen = {}
    monkeypatch.setattr(server_module.WorkshopServer, "serve", lambda self: seen.update(codes=self.codes,
                                                                                      command=self.command))
    res = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--session", "am"])
    assert res.exit_code == 0, res.output
    trainee, instructor = seen["codes"]["trainee"], seen["codes"]["instructor"]
    assert trainee and instructor and trainee != instructor
    assert f"受講者用アクセスコード: {trainee}" in res.output and f"講師用アクセスコード: {instructor}" in res.output
    assert "kasuhara_sim.tui.served" in seen["command"]
    res = CliRunner().invoke(cli, ["serve"])
    assert res.exit_code == 0 and "アクセスコード" not in res.output.replace("アクセスコードは不要", "")


def test_each_tab_costs_one_process_not_a_shell_and_a_process():
    """textual-serve runs the trainer command through ``/bin/sh -c``: the shell has to give way to the trainer, or
    every tab keeps an idle shell alive beside it (30 tabs: 30 more processes, about 50 MiB)."""
    import os
    import signal
    import subprocess
    import time
    from pathlib import Path

    from kasuhara_sim.web.server import trainer_command

    proc = subprocess.Popen(trainer_command(), shell=True, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        # Until the shell has either become the trainer or started it as a child.
        while True:
            args = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
            children = "".join(Path(f"/proc/{proc.pid}/task/{t}/children").read_text()
                               for t in os.listdir(f"/proc/{proc.pid}/task"))
            if b"kasuhara_sim.tui.served" in args or children.strip():
                break
            assert time.monotonic() < deadline, args
            time.sleep(0.01)
        assert b"kasuhara_sim.tui.served" in args and not children.strip(), (args, children)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the shell and whatever it started
        proc.wait()
