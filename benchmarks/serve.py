"""The workshop room under load (issue 12): N simulated trainees play at once through ``kasuhara-sim serve``.

    python benchmarks/serve.py [--trainees 30] [--think 2-6] [--arrive 0] [--timeout 900] [--size 100x32]
                               [--no-preload]

Needs the serve extra (textual-serve, which brings aiohttp). Starts the real server on a free loopback port, with a
temporary KASUHARA_SIM_HOME and a session name, then connects N websocket clients at once, each speaking
textual-serve's protocol as the browser page does (``["stdin", keys]``, ``["resize", …]``; the screen comes back as
ANSI text). Each trainee enters a name, moves down the built-in library to a scenario (trainees spread over the first
six), opens it, switches every other trainee to test mode, starts, and answers ``1`` until the result appears, with a
pause between keys (``--think``; the characters of the name come 0.1–0.3 s apart; ``--arrive`` spreads the tabs'
opening). All sessions stay open until the last trainee has reached a result, so the memory figure is that of N live
sessions; then the tabs close and the server is stopped.

Reported:
- memory: the resident set (VmRSS, /proc) of the server and of every process it started (one trainer per tab, and a
  shell if textual-serve's ``/bin/sh -c`` stays; with the pre-loaded trainer, that process and one small launcher per
  tab), at its peak over the run and when all N sessions are open; PSS (shared pages split between processes) as
  well, which is what the machine really gives: forked trainers share the pre-loaded pages, which RSS counts in
  every one of them;
- key press → screen update: from sending a key until the first frame that shows its effect (the typed character in
  the name box, the next screen, the next turn or the result; the library's cursor move, which has no idle frames to
  mistake for it). Idle frames (the play screen's clock, the name box's blinking cursor) are not counted as updates.
  The time includes this script's own share of the 2 cores, so it errs on the slow side;
- start-up: from opening the websocket until the name prompt is on screen (N trainer processes start at once);
- CPU time used by each trainer process from its start (or its fork) until every trainee has reached a result (/proc,
  user + system): unlike the latencies, it does not depend on what else the machine is doing;
- CPU per tab start: what the server and everything it started used from the first tab opened until every tab
  showed its name prompt, divided by N (the server is left to settle first, so the pre-loaded trainer's one-time
  imports are not in it);

``--no-preload`` runs the server with ``KASUHARA_SIM_PRELOAD=0``: every tab starts its own Python (the way before the
pre-loaded trainer), for comparison.
- that every run is in the database, finished, under the session: the store is queried after the server stops.

Goals, printed as ratios (≤ 1 meets the goal): N=30 sessions within 4 GB (total RSS), p95 update under 300 ms.
Exit status 0 when both goals are met and every run is recorded, 1 otherwise. Everything is bounded: the number of
trainees, every wait, and the whole run (``--timeout``); the server and its processes are stopped in any case.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

try:
    import aiohttp
except ImportError:  # pragma: no cover
    sys.exit("benchmarks/serve.py needs the serve extra: pip install -e '.[serve]'")

HOST = "127.0.0.1"  # loopback only: no access code, nothing reachable from elsewhere
SESSION = "負荷試験"
GOAL_MEMORY = 4 * 1024**3
GOAL_P95 = 0.300
MAX_TRAINEES = 60
MAX_ANSWERS = 25  # a scenario longer than this is not played to its end: the run counts as failed
SCENARIOS_SPREAD = 6

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_].*?\x1b\\|\x1b.", re.S)
CLOCK_ONLY = re.compile(r"\s*\d\d:\d\d\s*")
KEY_ENTER, KEY_DOWN = "\r", "\x1b[B"

NAME_PROMPT = "例: 山田 花子"
LIBRARY = "進捗"  # the status bar, filled once the library has been read
BRIEFING = "あなたの役割"
TEST_MODE = "本番モード"
TURN_OR_RESULT = r"ターン|結果"
RESULT = r"総合\s*\d+\s*点"


class Failed(Exception):
    pass


@dataclass
class Trainee:
    index: int
    name: str
    frames: list[tuple[float, str]] = field(default_factory=list)  # (arrival, text without escape codes)
    new_frame: asyncio.Event = field(default_factory=asyncio.Event)
    latencies: list[tuple[str, float, float]] = field(default_factory=list)  # (kind, sent at, seconds)
    library_at: float | None = None
    startup: float | None = None
    answers: int = 0
    finished: bool = False
    error: str | None = None


def trainee_name(i: int) -> str:
    # Katakana the screen does not show before the name is typed, so that the typed prefix marks the frame that
    # echoes it; ASCII digits, as the app stores names NFKC-normalised.
    return f"ベンチ{i + 1:02d}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- /proc ------------------------------------------------------------------------------------------------
def children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def descendants(pid: int) -> list[int]:
    kids, out, todo = children_map(), [], [pid]
    while todo:
        p = todo.pop()
        for c in kids.get(p, []):
            out.append(c)
            todo.append(c)
    return out


def memory_of(pid: int) -> tuple[str, int, int, float, int] | None:
    """(command line, RSS bytes, PSS bytes, CPU seconds so far, parent pid) of a process, or None if it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    rss = next((int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return b" ".join(cmdline).decode("utf-8", "replace"), rss, pss, cpu, int(fields[1])


def kind_of(args: str, ppid: int, server_pid: int) -> str:
    """trainer (one per tab: started by textual-serve, or forked by the pre-loaded process), launcher (the small
    command that hands a tab to the pre-loaded process), preload (that process), shell, or other."""
    if "launcher.py" in args:
        return "launcher"
    if "kasuhara_sim.tui.forkserver" in args:
        return "preload" if ppid == server_pid else "trainer"  # a forked child keeps its parent's command line
    if "kasuhara_sim.tui.served" in args and not args.startswith("/bin/sh"):
        return "trainer"
    return "shell" if os.path.basename(args.split(" ", 1)[0]) in ("sh", "dash", "bash") else "other"


def tree_cpu(server_pid: int) -> float:
    """CPU seconds (user + system) used so far by the server and everything it started, ended processes included
    (their time is in their parent's cutime/cstime once reaped)."""
    total = 0.0
    for pid in [server_pid, *descendants(server_pid)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return total


@dataclass
class Snapshot:
    server: tuple[int, int]
    trainers: list[tuple[int, int]]
    others: list[tuple[int, int]]
    trainer_cpu: list[float] = field(default_factory=list)
    launchers: list[tuple[int, int]] = field(default_factory=list)
    preload: tuple[int, int] | None = None

    def _all(self) -> list[tuple[int, int]]:
        return [self.server, *self.trainers, *self.others, *self.launchers, *([self.preload] if self.preload else [])]

    @property
    def rss(self) -> int:
        return sum(r for r, _ in self._all())

    @property
    def pss(self) -> int:
        return sum(p for _, p in self._all())


def snapshot(server_pid: int) -> Snapshot:
    server = memory_of(server_pid)
    snap = Snapshot(server[1:3] if server else (0, 0), [], [])
    for pid in descendants(server_pid):
        m = memory_of(pid)
        if not m:
            continue
        kind = kind_of(m[0], m[4], server_pid)
        if kind == "trainer":
            snap.trainers.append(m[1:3])
            snap.trainer_cpu.append(m[3])
        elif kind == "launcher":
            snap.launchers.append(m[1:3])
        elif kind == "preload":
            snap.preload = m[1:3]
        else:
            snap.others.append(m[1:3])
    return snap


# --- one trainee ------------------------------------------------------------------------------------------
class Tab:
    def __init__(self, trainee: Trainee, ws: aiohttp.ClientWebSocketResponse, rng: random.Random,
                 think: tuple[float, float]) -> None:
        self.t, self.ws, self.rng, self.think = trainee, ws, rng, think

    async def read(self) -> None:
        async for msg in self.ws:
            now = time.perf_counter()
            if msg.type == aiohttp.WSMsgType.BINARY:
                text = msg.data.decode("utf-8", "replace")
            elif msg.type == aiohttp.WSMsgType.TEXT:
                text = msg.data
            else:
                break
            self.t.frames.append((now, ANSI.sub("", text)))
            self.t.new_frame.set()

    async def wait_for(self, pattern: str, since: int, timeout: float, *, idle: re.Pattern | None = None) -> float:
        """Arrival time of the first frame from ``since`` on at which ``pattern`` is on screen (the text of the frames
        since then, joined); with ``pattern`` empty, the first frame that is not ``idle``."""
        deadline = time.perf_counter() + timeout
        seen, joined = since, ""
        while True:
            while seen < len(self.t.frames):
                at, text = self.t.frames[seen]
                seen += 1
                if not pattern:
                    if text.strip() and not (idle and idle.fullmatch(text)):
                        return at
                    continue
                joined += text
                if re.search(pattern, joined):
                    return at
            left = deadline - time.perf_counter()
            if left <= 0:
                raise Failed(f"{pattern or 'an update'!r} did not appear in {timeout:g} s; the tab last showed: "
                             f"{''.join(f for _, f in self.t.frames[-3:])[-300:]!r}")
            self.t.new_frame.clear()
            try:
                await asyncio.wait_for(self.t.new_frame.wait(), left)
            except TimeoutError:
                pass

    async def press(self, label: str, key: str, expect: str, timeout: float = 120, *,
                    idle: re.Pattern | None = None) -> str:
        """Send one key as the browser does, and time it until its effect is on screen."""
        mark = len(self.t.frames)
        sent = time.perf_counter()
        await self.ws.send_str(json.dumps(["stdin", key]))
        at = await self.wait_for(expect, mark, timeout, idle=idle)
        self.t.latencies.append((label, sent, at - sent))
        return "".join(f for _, f in self.t.frames[mark:])

    async def pause(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.think))

    async def play(self, opened: float) -> None:
        t = self.t
        await self.wait_for(re.escape(NAME_PROMPT), 0, 180)
        t.startup = t.frames[-1][0] - opened
        await self.pause()
        for n in range(1, len(t.name) + 1):
            # The blinking cursor redraws the box by itself: only a frame with the new character counts.
            await self.press("名前の入力", t.name[n - 1], re.escape(t.name[:n]))
            await asyncio.sleep(self.rng.uniform(0.1, 0.3))
        await self.press("画面の切り替え(名前→ライブラリ)", KEY_ENTER, re.escape(f"受講者: {t.name}"))
        t.library_at = await self.wait_for(LIBRARY, 0, 120)
        await self.pause()
        for _ in range(t.index % SCENARIOS_SPREAD):
            await self.press("ライブラリの移動", KEY_DOWN, "")
            await asyncio.sleep(self.rng.uniform(0.15, 0.4))
        await self.press("画面の切り替え(ライブラリ→説明)", KEY_ENTER, BRIEFING)
        await self.pause()
        if t.index % 2:
            await self.press("モードの切り替え", "m", TEST_MODE)
            await self.pause()
        await self.press("画面の切り替え(説明→演習)", KEY_ENTER, TURN_OR_RESULT)
        mark = len(t.frames)
        while t.answers < MAX_ANSWERS:
            await self.pause()
            # The pause lets the screen settle: a result shown since the last answer ends the run.
            if re.search(RESULT, "".join(f for _, f in t.frames[mark:])):
                t.finished = True
                return
            mark = len(t.frames)
            # Replies are shuffled per run: answer "1" whatever it is. The clock ticks every second: not an update.
            await self.press("返答", "1", TURN_OR_RESULT, idle=CLOCK_ONLY)
            t.answers += 1
        raise Failed(f"no result after {MAX_ANSWERS} answers")


async def trainee_task(t: Trainee, port: int, delay: float, size: tuple[int, int], think: tuple[float, float],
                       all_done: asyncio.Event, sampled: asyncio.Event, done_count: list[int],
                       total: int) -> None:
    cols, rows = size
    try:
        await asyncio.sleep(delay)
        async with aiohttp.ClientSession() as http:
            opened = time.perf_counter()
            async with http.ws_connect(f"http://{HOST}:{port}/ws?width={cols}&height={rows}",
                                       heartbeat=None, max_msg_size=0) as ws:
                tab = Tab(t, ws, random.Random(t.index), think)
                reader = asyncio.create_task(tab.read())
                await ws.send_str(json.dumps(["resize", {"width": cols, "height": rows}]))
                try:
                    await tab.play(opened)
                except Failed as exc:
                    t.error = str(exc)
                finally:
                    done_count[0] += 1
                    if done_count[0] == total:
                        all_done.set()
                    await sampled.wait()  # every tab stays open until all have finished and memory is read
                    reader.cancel()
    except Exception as exc:  # a refused or broken connection is a finding to report, not a crash
        t.error = t.error or f"{type(exc).__name__}: {exc}"
        done_count[0] += 1
        if done_count[0] == total:
            all_done.set()


# --- the run ----------------------------------------------------------------------------------------------
def start_server(home: Path, port: int, tmp: Path, no_preload: bool = False) -> subprocess.Popen:
    env = dict(os.environ, KASUHARA_SIM_HOME=str(home), PYTHONPATH=str(REPO), XDG_DATA_HOME=str(tmp / "data"),
               LANG="C.UTF-8")
    env.pop("KASUHARA_SIM_SESSION", None)
    env["KASUHARA_SIM_PRELOAD"] = "0" if no_preload else "1"
    proc = subprocess.Popen([sys.executable, "-m", "kasuhara_sim", "serve", "--host", HOST, "--port", str(port),
                             "--session", SESSION], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)  # its own process group: stopped as a whole at the end
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            settle(proc.pid)
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop_server(proc)
                raise SystemExit("the server did not start:\n" + proc.stderr.read().decode("utf-8", "replace"))
            time.sleep(0.2)


def settle(server_pid: int, limit: float = 15) -> None:
    """Wait until the server and what it started have finished starting (no CPU used for half a second): the
    pre-loaded trainer imports everything once, which is not the cost of a tab."""
    end, last = time.monotonic() + limit, tree_cpu(server_pid)
    while time.monotonic() < end:
        time.sleep(0.5)
        now = tree_cpu(server_pid)
        if now - last < 0.02:
            return
        last = now


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # whatever is left of this server's own group
    except ProcessLookupError:
        pass
    proc.wait()


async def run(args, port: int, server_pid: int) -> tuple[list[Trainee], Snapshot, Snapshot, float, float | None]:
    trainees = [Trainee(i, trainee_name(i)) for i in range(args.trainees)]
    all_done, sampled, done_count = asyncio.Event(), asyncio.Event(), [0]
    start_cpu: list[float] = []
    peak = Snapshot((0, 0), [], [])
    at_full: Snapshot | None = None

    async def sample() -> None:
        nonlocal peak, at_full
        while True:
            snap = await asyncio.to_thread(snapshot, server_pid)
            if snap.rss > peak.rss:
                peak = snap
            if all_done.is_set():
                at_full = snap
                sampled.set()
                return
            await asyncio.sleep(1.0)

    async def starts() -> None:
        """CPU used by the server side from the first tab opened until the last tab shows its name prompt."""
        before = await asyncio.to_thread(tree_cpu, server_pid)
        while not all(t.startup is not None or t.error for t in trainees):
            await asyncio.sleep(0.05)
        start_cpu.append(await asyncio.to_thread(tree_cpu, server_pid) - before)

    started = time.perf_counter()
    sampler = asyncio.create_task(sample())
    start_watch = asyncio.create_task(starts())
    tasks = [asyncio.create_task(trainee_task(t, port, args.arrive * t.index / len(trainees), args.size, args.think,
                                              all_done, sampled, done_count, len(trainees)))
             for t in trainees]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), args.timeout)
    except TimeoutError:
        for t in trainees:
            t.error = t.error or f"the whole run exceeded --timeout {args.timeout:g} s"
        for task in tasks:
            task.cancel()
        all_done.set()
        sampled.set()
    await sampler
    start_watch.cancel()
    return trainees, peak, at_full or peak, time.perf_counter() - started, start_cpu[0] if start_cpu else None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))  # nearest rank
    return ordered[k]


def mib(n: float) -> str:
    return f"{n / 1024**2:,.0f} MiB"


def report(args, trainees: list[Trainee], peak: Snapshot, full: Snapshot, wall: float, runs,
           start_cpu: float | None) -> bool:
    n = len(trainees)
    arrival = "at once" if not args.arrive else f"arriving over {args.arrive:g} s"
    how = "one process started per tab" if args.no_preload else "trainers forked from the pre-loaded one"
    print(f"kasuhara-sim serve ({how}): {n} trainees {arrival}, think {args.think[0]:g}-{args.think[1]:g} s, "
          f"{os.cpu_count()} cores, {wall:.0f} s in all")
    ok = [t for t in trainees if t.finished]
    failed = [t for t in trainees if not t.finished]
    print(f"  played to the result: {len(ok)}/{n}")
    for t in failed:
        print(f"    {t.name}: {t.error}")

    starts = [t.startup for t in trainees if t.startup is not None]
    if starts:
        print(f"  start-up (websocket opened → name prompt): median {statistics.median(starts):.2f} s, "
              f"p95 {percentile(starts, 95):.2f} s, slowest {max(starts):.2f} s")

    if start_cpu is not None and not args.arrive:  # arriving over time, the window holds others' play too
        print(f"  CPU per tab start (server side, first tab opened → every name prompt, / {n}): "
              f"{start_cpu / n:.2f} s ({start_cpu:.1f} s in all)")

    print("  memory, all sessions open (VmRSS; PSS in brackets):")
    for label, snap in (("when all had finished", full), ("peak", peak)):
        tr = [r for r, _ in snap.trainers]
        print(f"    {label}: {len(snap.trainers)} trainer processes, total {mib(snap.rss)} ({mib(snap.pss)})")
        print(f"      server {mib(snap.server[0])} ({mib(snap.server[1])})"
              + (f"; per trainer median {mib(statistics.median(tr))} (max {mib(max(tr))}), "
                 f"PSS median {mib(statistics.median(p for _, p in snap.trainers))}" if tr else "")
              + (f"; {len(snap.others)} other processes {mib(sum(r for r, _ in snap.others))}" if snap.others else ""))
        if snap.preload or snap.launchers:
            print(f"      pre-loaded trainer {mib(snap.preload[0]) if snap.preload else 'gone'}"
                  f" ({mib(snap.preload[1]) if snap.preload else '-'}); {len(snap.launchers)} launchers "
                  f"{mib(sum(r for r, _ in snap.launchers))} ({mib(sum(p for _, p in snap.launchers))})")
        if tr:
            print(f"      per session, server included: {mib(snap.rss / len(tr))} ({mib(snap.pss / len(tr))})")

    if full.trainer_cpu:
        cpu = full.trainer_cpu
        print(f"  CPU per trainer process (start to every result, user+system): median {statistics.median(cpu):.2f} s, "
              f"max {max(cpu):.2f} s, total {sum(cpu):.1f} s")

    lat = [s for t in trainees for _, _, s in t.latencies]
    by_kind: dict[str, list[float]] = {}
    for t in trainees:
        for label, _, s in t.latencies:
            by_kind.setdefault(label, []).append(s)
    # Until the last tab has its library, trainer processes are still starting and reading the scenario files.
    storm_end = max((t.library_at for t in trainees if t.library_at), default=None)
    if lat:
        print(f"  key press → screen update: {len(lat)} presses, median {statistics.median(lat) * 1000:.0f} ms, "
              f"p95 {percentile(lat, 95) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms")
        for label, values in by_kind.items():
            print(f"    {label}: {len(values)}, median {statistics.median(values) * 1000:.0f} ms, "
                  f"p95 {percentile(values, 95) * 1000:.0f} ms")
        if storm_end:
            for label, part in (("while tabs were still starting", [s for t in trainees for _, at, s in t.latencies
                                                                  if at < storm_end]),
                                ("once every tab had its library", [s for t in trainees for _, at, s in t.latencies
                                                                   if at >= storm_end])):
                if part:
                    print(f"    {label}: {len(part)}, median {statistics.median(part) * 1000:.0f} ms, "
                          f"p95 {percentile(part, 95) * 1000:.0f} ms")

    expected = {t.name for t in trainees}
    recorded = [r for r in runs if r.trainee in expected]
    finished = {r.trainee for r in recorded if r.status == "finished"}
    modes = {m: sum(1 for r in recorded if r.mode == m) for m in ("practice", "test")}
    print(f"  database (session {SESSION!r}): {len(recorded)} runs, {len(finished)} finished, "
          f"{modes['practice']} practice / {modes['test']} test; "
          + ("every trainee’s run is recorded" if finished == expected
             else "MISSING: " + ", ".join(sorted(expected - finished))))

    memory_ratio = peak.rss / GOAL_MEMORY * (30 / n if n else 1)  # the goal is for 30 sessions: scaled to them
    p95_ratio = (percentile(lat, 95) / GOAL_P95) if lat else float("inf")
    print("goals (ratio ≤ 1 meets the goal):")
    print(f"  memory, peak total RSS{'' if n == 30 else ' scaled to 30 sessions'} / 4 GB: {memory_ratio:.2f} "
          f"(PSS: {peak.pss / GOAL_MEMORY * (30 / n if n else 1):.2f})")
    print(f"  p95 key press → update / 300 ms: {p95_ratio:.2f}")
    return memory_ratio <= 1 and p95_ratio <= 1 and not failed and finished == expected


def parse_size(text: str) -> tuple[int, int]:
    cols, rows = text.lower().split("x")
    return int(cols), int(rows)


def parse_range(text: str) -> tuple[float, float]:
    lo, _, hi = text.partition("-")
    return float(lo), float(hi or lo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=30)
    parser.add_argument("--think", type=parse_range, default=(2.0, 6.0),
                        help="seconds a trainee pauses before a key, as LOW-HIGH (default 2-6: a quick reader; "
                             "0.4-1.2 is a stress test no room produces)")
    parser.add_argument("--size", type=parse_size, default=(100, 32), help="terminal size of each tab")
    parser.add_argument("--arrive", type=float, default=0.0,
                        help="seconds over which the trainees open their tabs, evenly (default 0: all at once)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds for the whole run")
    parser.add_argument("--no-preload", action="store_true",
                        help="every tab starts its own trainer process (KASUHARA_SIM_PRELOAD=0), for comparison")
    args = parser.parse_args()
    if not 1 <= args.trainees <= MAX_TRAINEES:
        parser.error(f"--trainees must be between 1 and {MAX_TRAINEES}")

    from kasuhara_sim.store import Store

    with tempfile.TemporaryDirectory(prefix="kasuhara-serve-bench-") as tmp_name:
        tmp = Path(tmp_name)
        home = tmp / "home"
        port = free_port()
        proc = start_server(home, port, tmp, args.no_preload)
        try:
            trainees, peak, full, wall, start_cpu = asyncio.run(run(args, port, proc.pid))
        finally:
            stop_server(proc)  # before the store is read: every trainer has closed its connection
        with Store.open(home, readonly=True) as store:
            runs = store.history(session=SESSION)
        met = report(args, trainees, peak, full, wall, runs, start_cpu)
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
