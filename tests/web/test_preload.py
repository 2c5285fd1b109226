"""The pre-loaded trainer of ``serve``: the fork server, the launcher each tab runs, and their protocol.

The protocol tests run the real fork server (``kasuhara_sim.tui.forkserver``) in a process of its own with a small
stand-in trainer (no Textual: each child prints what it was given and does what its environment says), and the real
launcher as textual-serve runs it (``python -I -S launcher.py SOCKET FALLBACK...``). The last test runs the real
``serve`` and a real websocket session through it.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kasuhara_sim.tui import launcher as launcher_module
from kasuhara_sim.tui.launcher import MAGIC, MAX_REQUEST, decode_request, encode_request

REPO = Path(__file__).resolve().parents[2]
LAUNCHER = REPO / "kasuhara_sim" / "tui" / "launcher.py"
FALLBACK = [sys.executable, "-c", "import os; print('fallback', os.getpid(), flush=True)"]
WAIT = 20  # seconds: every wait is bounded, a hang is a failure

# The stand-in trainer, run in each forked child: prints the tab's variable and the arguments, then exits with
# KSIM_TEST_EXIT, or (KSIM_TEST_WAIT) waits for a signal and says which one came.
SERVER_SCRIPT = textwrap.dedent("""
    import os, signal, sys, time
    from kasuhara_sim.tui.forkserver import ForkServer

    def trainer(args):
        print("tab", os.environ.get("KSIM_TEST_TAB"), "args", " ".join(args), "pid", os.getpid(), flush=True)
        if os.environ.get("KSIM_TEST_WAIT"):
            got = []
            signal.signal(signal.SIGTERM, lambda n, f: got.append(n))
            print("waiting", flush=True)
            end = time.monotonic() + 30
            while not got and time.monotonic() < end:
                time.sleep(0.01)
            print("signal", got[0] if got else None, flush=True)
            sys.exit(7)
        line = sys.stdin.readline().strip()
        print("read", line, flush=True)
        sys.exit(int(os.environ.get("KSIM_TEST_EXIT", "0")))

    server = ForkServer(sys.argv[1], ["--scenarios", "/x"], run=trainer)
    try:
        server.serve()
    finally:
        server.close_listener()
""")


@pytest.fixture
def fork_server(tmp_path):
    directory = tmp_path / "sock"
    directory.mkdir(mode=0o700)
    path = directory / "trainer.sock"
    proc = subprocess.Popen([sys.executable, "-c", SERVER_SCRIPT, str(path)], stdin=subprocess.PIPE,
                            env=dict(os.environ, PYTHONPATH=str(REPO)), start_new_session=True)
    deadline = time.monotonic() + WAIT
    while not path.exists():
        assert proc.poll() is None and time.monotonic() < deadline, "the fork server did not start"
        time.sleep(0.02)
    yield proc, str(path)
    if proc.poll() is None:
        proc.stdin.close()
        try:
            proc.wait(WAIT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def launch(path: str, **env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-I", "-S", str(LAUNCHER), path, *FALLBACK], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, **env))


def children_of(pid: int) -> list[tuple[int, str]]:
    """(pid, state) of the processes whose parent is ``pid``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append((int(entry), fields[0]))
    return found


# --- the request ------------------------------------------------------------------------------------------
def test_a_request_round_trips_and_bad_ones_are_refused():
    assert decode_request(encode_request({"COLUMNS": "100", "KASUHARA_SIM_SESSION": "午前の部"})) == \
        {"COLUMNS": "100", "KASUHARA_SIM_SESSION": "午前の部"}
    bad = [
        b"",
        b"hello",
        MAGIC + b"not json",
        MAGIC + b"[1, 2]",
        MAGIC + json.dumps({"env": {}, "argv": ["sh"]}).encode(),  # nothing but the environment is accepted
        MAGIC + json.dumps({"env": {"A=B": "1"}}).encode(),
        MAGIC + json.dumps({"env": {"A": 1}}).encode(),
        MAGIC + json.dumps({"env": {"A": "x\0y"}}).encode(),
        MAGIC + json.dumps({"env": {"A": "x" * MAX_REQUEST}}).encode(),
        MAGIC + b"\xff\xfe",
    ]
    for data in bad:
        with pytest.raises(ValueError):
            decode_request(data)


def raw_request(path: str, data: bytes, fds: list[int]) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as s:
        s.settimeout(WAIT)
        s.connect(path)
        socket.send_fds(s, [data], fds) if fds else s.send(data)
        return s.recv(256)


def test_the_server_refuses_a_bad_request_and_goes_on(fork_server):
    proc, path = fork_server
    r, w = os.pipe()
    try:
        assert raw_request(path, b"GET / HTTP/1.0\r\n\r\n", [r, w, w]).startswith(b"refused")
        assert raw_request(path, encode_request({"A": "1"}), [r, w]).startswith(b"refused")  # two fds, not three
        assert raw_request(path, encode_request({"A": "1"}), []).startswith(b"refused")
        assert raw_request(path, MAGIC + b'{"env": {"PATH; rm": "x"}}', [r, w, w]).startswith(b"refused")
    finally:
        os.close(r)
        os.close(w)
    assert children_of(proc.pid) == []  # nothing was forked for them
    tab = launch(path, KSIM_TEST_TAB="after")  # and a good request is still served
    out, _ = tab.communicate("hello\n", timeout=WAIT)
    assert tab.returncode == 0 and "tab after" in out


# --- a tab through the launcher --------------------------------------------------------------------------
def test_the_child_gets_the_tabs_pipes_and_environment_and_its_exit_status_comes_back(fork_server):
    proc, path = fork_server
    tab = launch(path, KSIM_TEST_TAB="t1", KSIM_TEST_EXIT="3")
    out, err = tab.communicate("こんにちは\n", timeout=WAIT)
    assert tab.returncode == 3, (out, err)
    lines = out.splitlines()
    assert lines[0].startswith("tab t1 args --scenarios /x pid ") and lines[1] == "read こんにちは", out
    child = int(lines[0].rsplit(" ", 1)[1])
    assert child not in (tab.pid, proc.pid)  # forked by the server, not the launcher itself
    assert "fallback" not in out


def test_sigterm_to_the_launcher_reaches_the_child(fork_server):
    _, path = fork_server
    tab = launch(path, KSIM_TEST_TAB="t2", KSIM_TEST_WAIT="1")
    first = tab.stdout.readline()
    assert first.startswith("tab t2") and tab.stdout.readline() == "waiting\n"
    tab.send_signal(signal.SIGTERM)
    out, _ = tab.communicate(timeout=WAIT)
    assert out.splitlines() == [f"signal {int(signal.SIGTERM)}"]
    assert tab.returncode == 7  # the child's own exit, reported back: the launcher did not just die of the signal


def test_without_the_server_the_launcher_runs_the_trainer_itself(tmp_path, fork_server):
    tab = launch(str(tmp_path / "no-such.sock"))
    out, _ = tab.communicate(timeout=WAIT)
    assert tab.returncode == 0 and out.startswith("fallback ")
    # A server that has died leaves its socket file behind: connecting is refused, and the tab still works.
    proc, path = fork_server
    proc.kill()
    proc.wait()
    assert os.path.exists(path)
    tab = launch(path)
    out, _ = tab.communicate(timeout=WAIT)
    assert tab.returncode == 0 and out.startswith("fallback ")


def test_no_zombie_and_no_leftover_after_several_tabs(fork_server):
    proc, path = fork_server
    tabs = [launch(path, KSIM_TEST_TAB=f"n{i}", KSIM_TEST_EXIT=str(i)) for i in range(6)]
    for i, tab in enumerate(tabs):
        out, _ = tab.communicate(f"line {i}\n", timeout=WAIT)
        assert tab.returncode == i and f"read line {i}" in out
    deadline = time.monotonic() + WAIT
    while children_of(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert children_of(proc.pid) == []  # every child reaped: none left as a zombie
    # The server holds no tab's pipe: its open descriptors are its own few, whatever the number of tabs served.
    assert len(os.listdir(f"/proc/{proc.pid}/fd")) < 10


def test_the_server_stops_when_its_input_ends_and_removes_its_socket(fork_server):
    proc, path = fork_server
    proc.stdin.close()
    assert proc.wait(WAIT) == 0
    assert not os.path.exists(path) and not os.path.exists(os.path.dirname(path))


def test_the_launcher_exits_as_the_child_did_when_killed_by_a_signal(fork_server):
    _, path = fork_server
    tab = launch(path, KSIM_TEST_TAB="k", KSIM_TEST_WAIT="1")
    child = int(tab.stdout.readline().rsplit(" ", 1)[1])
    os.kill(child, signal.SIGKILL)
    tab.communicate(timeout=WAIT)
    assert tab.returncode == -signal.SIGKILL


def test_the_launcher_needs_only_the_standard_library():
    source = LAUNCHER.read_text()
    imported = {line.split()[1].split(".")[0] for line in source.splitlines()
                if line.startswith(("import ", "from ")) and "__future__" not in line}
    assert imported <= set(sys.stdlib_module_names), imported
    assert launcher_module.MAX_REQUEST < 200_000  # under the default socket send buffer, so a request is one message


# --- the real thing ---------------------------------------------------------------------------------------
def test_the_private_socket_directory(monkeypatch):
    pytest.importorskip("textual_serve")
    from kasuhara_sim.web.preload import Preloader, enabled

    assert enabled({}) and not enabled({"KASUHARA_SIM_PRELOAD": "0"}) and not enabled({"KASUHARA_SIM_PRELOAD": "off"})
    pre = Preloader([])
    pre.start()
    try:
        directory = Path(pre.socket_path).parent
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700
        assert len(pre.socket_path.encode()) < 100  # a Unix socket's path has a limit
    finally:
        pre.stop()
    assert not directory.exists() and pre.proc.returncode is not None


def test_a_real_tab_is_served_by_a_forked_trainer(tmp_path):
    pytest.importorskip("textual_serve")
    import asyncio

    import aiohttp

    port = free_port()
    env = dict(os.environ, KASUHARA_SIM_HOME=str(tmp_path / "home"), PYTHONPATH=str(REPO),
               XDG_DATA_HOME=str(tmp_path / "data"), LANG="C.UTF-8")
    env.pop("KASUHARA_SIM_PRELOAD", None)
    server = subprocess.Popen([sys.executable, "-m", "kasuhara_sim", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)

    async def session() -> tuple[str, list]:
        text = ""
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=32") as ws:
                await ws.send_str(json.dumps(["resize", {"width": 100, "height": 32}]))
                end = time.monotonic() + 60
                while "例: 山田 花子" not in text:
                    msg = await ws.receive(timeout=max(0.1, end - time.monotonic()))
                    text += msg.data.decode("utf-8", "replace") if isinstance(msg.data, bytes) else str(msg.data)
                tree = processes_under(server.pid)
                await ws.send_str(json.dumps(["stdin", "ミライ"]))
                while "ミライ" not in text:
                    msg = await ws.receive(timeout=max(0.1, end - time.monotonic()))
                    text += msg.data.decode("utf-8", "replace") if isinstance(msg.data, bytes) else str(msg.data)
        return text, tree

    try:
        wait_for_port(port, server)
        text, tree = asyncio.run(session())
        assert "ミライ" in text
        kinds = {k for _, _, k in tree}
        assert {"forkserver", "launcher", "child"} <= kinds and "served" not in kinds, tree
        forkserver = next(p for p, _, k in tree if k == "forkserver")
        sock_dir = Path(Path(f"/proc/{forkserver}/cmdline").read_bytes().split(b"\0")[3].decode()).parent
        assert stat.S_IMODE(sock_dir.stat().st_mode) == 0o700
        deadline = time.monotonic() + WAIT  # the tab is closed: its trainer ends and is reaped
        while children_of(forkserver) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert children_of(forkserver) == []
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(WAIT)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    deadline = time.monotonic() + WAIT  # serve has stopped: the pre-loaded process and its directory go too
    while Path(f"/proc/{forkserver}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{forkserver}").exists() and not sock_dir.exists()


def processes_under(root: int) -> list[tuple[int, int, str]]:
    """(pid, parent, kind) of every process under ``root``: forkserver, its forked child, launcher, served."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
                args = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            table[int(entry)] = (ppid, args)
    found, todo = [], [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, args) in table.items():
            if ppid == parent:
                todo.append(pid)
                kind = ("launcher" if "launcher.py" in args else
                        ("forkserver" if ppid == root else "child") if "kasuhara_sim.tui.forkserver" in args else
                        "served" if "kasuhara_sim.tui.served" in args else "other")
                found.append((pid, ppid, kind))
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(proc.stderr.read().decode("utf-8", "replace"))
            time.sleep(0.1)
