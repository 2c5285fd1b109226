"""The pre-loaded trainer of ``kasuhara-sim serve``: imports the trainer once, then forks one child per browser tab.

    python -m kasuhara_sim.tui.forkserver SOCKET [SERVED-ARGS...]

Started by the server (``kasuhara_sim.web.preload``) with its stdin a pipe from the server (its end means the server
has gone) and in a session of its own. Starting a Python trainer costs about 0.5 s of CPU, nearly all of it imports
(Textual, Rich, pydantic's model building, YAML, the screens): thirty tabs opened at once kept two cores busy for
seconds while the first trainees were already typing. Here the imports are paid once; a tab costs a fork.

Each tab's command is the launcher (``launcher.py``, standard library only), which sends its stdin/stdout/stderr and
its environment over ``SOCKET`` (in a private directory, mode 0700; the peer must also be this user). A child takes
those as its own, applies the environment, and runs ``served.main`` exactly as ``python -m kasuhara_sim.tui.served``
would. The server reports the child's exit status to its launcher and delivers the signals the launcher forwards.

Fork safety: this process is single-threaded and never starts an event loop (a ``select`` loop only); it opens no
database (each child opens its own); the children re-seed ``random`` (run seeds come from the OS anyway). They
share this process's string-hash seed, as forked processes do (what a tab hashes comes from its own trainee's keys).
Textual reads some settings at import (``textual.constants``): the server starts this process with the values
textual-serve gives every tab, and each child re-reads them from its own environment.
"""

from __future__ import annotations

import gc
import importlib
import io
import os
import select
import signal
import socket
import struct
import sys
import time
from typing import Callable

from kasuhara_sim.tui.launcher import FORWARDED, MAX_REQUEST, decode_request

# What a trainer imports from its start to a result (measured: sys.modules at the end of a served session), so that
# no child imports anything. The lazily imported screens are here too.
PRELOAD = (
    "textual.app", "textual.drivers.web_driver", "textual.widgets", "textual.containers", "textual.screen",
    "kasuhara_sim.tui.app", "kasuhara_sim.tui.session", "kasuhara_sim.tui.served",
    "kasuhara_sim.tui.screens.home", "kasuhara_sim.tui.screens.trainee", "kasuhara_sim.tui.screens.briefing",
    "kasuhara_sim.tui.screens.play", "kasuhara_sim.tui.screens.result", "kasuhara_sim.tui.screens.dialogs",
    "kasuhara_sim.tui.screens.progress", "kasuhara_sim.tui.screens.quiz", "kasuhara_sim.tui.screens.save",
    "kasuhara_sim.format.loader", "kasuhara_sim.format.library", "kasuhara_sim.format.cache",
    "kasuhara_sim.engine", "kasuhara_sim.scoring", "kasuhara_sim.store", "kasuhara_sim.reports.result",
    "yaml", "sqlite3",
)
PENDING_SECONDS = 10.0  # a connection that has not sent its request by then is dropped
STOP_GRACE_SECONDS = 10.0  # on stop, children get this long to end by themselves (their tabs are closing too)


def preload() -> None:
    from kasuhara_sim.i18n import choose, set_language

    set_language(choose())  # as served.py does before its imports: labels captured at import are in this language
    for name in PRELOAD:
        importlib.import_module(name)
    from textual import widgets

    for name in widgets.__all__:  # textual.widgets imports each widget on first use
        getattr(widgets, name)


class Tab:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.pid: int | None = None
        self.since = time.monotonic()


class ForkServer:
    """``run(args)`` is what a child does with its tab: ``served.main`` (another function in the tests)."""

    def __init__(self, path: str, served_args: list[str], run: Callable[[list[str]], None] | None = None) -> None:
        self.path, self.served_args, self.run = path, served_args, run
        self.tabs: dict[int, Tab] = {}  # by socket fd
        self.children: dict[int, Tab | None] = {}  # pid -> its tab (None once the launcher has gone)
        self.stopping = False
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.listener.bind(path)  # before the imports: a tab opened meanwhile waits in the backlog
        self.listener.listen(128)
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)

    # --- the loop ---------------------------------------------------------------------------------------
    def serve(self) -> None:
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so that the wakeup fd hears of it
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        deadline = None
        while True:
            self.reap()
            if self.stopping:
                if deadline is None:
                    deadline = time.monotonic() + STOP_GRACE_SECONDS
                    self.close_listener()
                    for tab in [t for t in self.tabs.values() if t.pid is None]:
                        self.drop(tab)
                if not self.children:
                    return
                if time.monotonic() > deadline:
                    self.kill_children()
                    return
            readers = [self.wake_r, *(tab.sock for tab in self.tabs.values())]
            if not self.stopping:
                readers += [self.listener, 0]
            try:
                ready, _, _ = select.select(readers, [], [], 1.0)
            except InterruptedError:
                continue
            for r in ready:
                if r == self.wake_r:
                    self.drain_wakeup()
                elif r == 0:
                    if not os.read(0, 4096):
                        self.stopping = True  # the server has gone
                elif r is self.listener:
                    self.accept()
                else:
                    self.from_launcher(r)
            now = time.monotonic()
            for tab in [t for t in self.tabs.values() if t.pid is None and now - t.since > PENDING_SECONDS]:
                self.drop(tab)

    def _stop(self, *_) -> None:
        self.stopping = True

    def drain_wakeup(self) -> None:
        try:
            while os.read(self.wake_r, 512):
                pass
        except BlockingIOError:
            pass

    def accept(self) -> None:
        try:
            sock, _ = self.listener.accept()
        except OSError:
            return
        # The directory is private already; the peer's user is checked too, in case its mode was changed.
        pid, uid, gid = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))
        if uid != os.getuid():
            sock.close()
            return
        sock.setblocking(False)
        self.tabs[sock.fileno()] = Tab(sock)

    def from_launcher(self, sock: socket.socket) -> None:
        tab = self.tabs[sock.fileno()]
        if tab.pid is None:
            self.start(tab)
            return
        try:
            data = sock.recv(64)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # the launcher has gone; its child goes on with the tab's pipes
            self.children[tab.pid] = None
            self.close(tab)
            return
        kind, _, value = data.partition(b" ")
        if kind == b"signal" and value.isdigit() and int(value) in FORWARDED and tab.pid in self.children:
            try:  # still this server's child (not reaped): the pid cannot belong to another process
                os.kill(tab.pid, int(value))
            except ProcessLookupError:
                pass

    def start(self, tab: Tab) -> None:
        fds: list[int] = []
        try:
            data, fds, flags, _ = socket.recv_fds(tab.sock, MAX_REQUEST + 1, 3)
        except BlockingIOError:
            return
        except OSError:
            data, flags = b"", 0
        try:
            if not data:
                self.close(tab)
                return
            if flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC) or len(data) > MAX_REQUEST:
                raise ValueError("request too large")
            if len(fds) != 3:
                raise ValueError("a request needs exactly three file descriptors")
            env = decode_request(data)
        except ValueError as exc:
            self.refuse(tab, str(exc))
            for fd in fds:
                os.close(fd)
            return
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            self.child(tab, fds, env)  # never returns
        for fd in fds:  # the child holds the tab's pipes now: the tab sees their end when the child ends
            os.close(fd)
        tab.pid = pid
        self.children[pid] = tab
        self.send(tab, b"started %d" % pid)

    def refuse(self, tab: Tab, reason: str) -> None:
        self.send(tab, b"refused " + reason.encode("ascii", "replace"))
        self.close(tab)

    def send(self, tab: Tab, data: bytes) -> None:
        try:
            tab.sock.send(data)
        except OSError:
            pass  # the launcher has gone

    def close(self, tab: Tab) -> None:
        self.tabs.pop(tab.sock.fileno(), None)
        tab.sock.close()

    def drop(self, tab: Tab) -> None:
        self.close(tab)

    def reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                self.children.clear()
                return
            if pid == 0:
                return
            tab = self.children.pop(pid, None)
            if tab is not None:
                self.send(tab, b"exit %d" % status)
                self.close(tab)

    def close_listener(self) -> None:
        if self.listener.fileno() < 0:
            return
        self.listener.close()
        try:
            os.unlink(self.path)
            os.rmdir(os.path.dirname(self.path))  # the server removes it too; whichever is first
        except OSError:
            pass

    def kill_children(self) -> None:
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        end = time.monotonic() + 5
        while self.children and time.monotonic() < end:
            self.reap()
            time.sleep(0.05)
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.children.clear()

    # --- in the child -----------------------------------------------------------------------------------
    def child(self, tab: Tab, fds: list[int], env: dict[str, str]) -> None:
        code = 1
        try:
            signal.set_wakeup_fd(-1)
            for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
                signal.signal(sig, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            # Nothing of the server's stays open in a trainer: not the listener, not other tabs' sockets.
            self.listener.close()
            for other in list(self.tabs.values()):
                other.sock.close()
            os.close(self.wake_r)
            os.close(self.wake_w)
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
            for fd in fds:
                if fd > 2:
                    os.close(fd)
            fresh_stdio()
            os.environ.clear()
            os.environ.update(env)
            import random

            import textual.constants

            importlib.reload(textual.constants)  # this tab's TEXTUAL_* values, read as at import
            random.seed()  # run seeds come from the OS; this is for anything else drawn from random
            if self.run is None:
                from kasuhara_sim.tui import served

                sys.argv = [served.__file__, *self.served_args]
                served.main(self.served_args)
            else:
                self.run(self.served_args)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)  # never back into the server's loop, nor its atexit handlers


def fresh_stdio() -> None:
    """Standard streams for the new fds 0/1/2, as a Python started on them has (the server's were its own)."""
    for name, fd in (("stdin", 0), ("stdout", 1), ("stderr", 2)):
        old = getattr(sys, name)
        raw = io.FileIO(fd, "rb" if fd == 0 else "wb", closefd=False)
        binary = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        stream = io.TextIOWrapper(binary, encoding=getattr(old, "encoding", None) or "utf-8",
                                  errors="backslashreplace" if fd == 2 else getattr(old, "errors", None),
                                  line_buffering=fd == 2 or os.isatty(fd))
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        sys.exit("usage: python -m kasuhara_sim.tui.forkserver SOCKET [SERVED-ARGS...]")
    server = ForkServer(argv[0], argv[1:])
    try:
        preload()
        threading = sys.modules.get("threading")
        if threading is not None and threading.active_count() > 1:
            # Forking a process with threads copies locks they may hold: refuse, and let the tabs start as before.
            sys.exit("kasuhara-sim: the pre-loaded trainer started a thread; every tab starts its own trainer")
        gc.collect()
        gc.freeze()  # the pre-loaded objects stay out of the children's collections: their pages stay shared
        server.serve()
    finally:
        server.close_listener()


if __name__ == "__main__":
    main()
