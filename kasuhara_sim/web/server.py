"""The workshop server: textual-serve's aiohttp application, with access codes and the instructor's live view.

textual-serve has no authentication and starts a trainer process for every websocket, so the check has to come
first: a middleware refuses every route but the code form and the static files (textual-serve's own scripts, no
data) until the browser holds the cookie that the right code earns. On a loopback address only this computer can
connect, and no code is asked.

The cookie holds an HMAC of the role under a key made at start, never the code itself, and dies with the server.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import json
import secrets
import shlex
import sys
from html import escape
from pathlib import Path
from typing import Any, Awaitable, Callable

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

from kasuhara_sim.strings import Live as L

TRAINEE, INSTRUCTOR = "trainee", "instructor"
COOKIE = {TRAINEE: "ksim_trainee", INSTRUCTOR: "ksim_instructor"}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from a projector
OPEN_PATHS = ("/code",)
POLL_SECONDS = 2
# Run as a file (python -I -S), never imported here: web/ does not import the TUI.
LAUNCHER = Path(__file__).resolve().parent.parent / "tui" / "launcher.py"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_code(length: int = 6) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def served_args(scenario_dirs=()) -> list[str]:
    """The arguments of ``kasuhara_sim.tui.served`` (the trainer of a tab)."""
    return [arg for d in scenario_dirs for arg in ("--scenarios", str(Path(d).resolve()))]


def trainer_command(scenario_dirs=(), socket_path: str | None = None) -> str:
    """The command textual-serve runs for each tab: the trainer, with the name asked in the tab.

    textual-serve runs it through ``/bin/sh -c``; ``exec`` lets the command take the shell's place, so that a tab
    costs one process and not an idle shell beside it (benchmarks/serve.py: about 50 MiB for 30 tabs). With
    ``socket_path`` (the pre-loaded trainer's socket, see preload.py) the command is the small launcher that hands the
    tab to it, and falls back to the ordinary trainer command if it cannot."""
    served = [sys.executable, "-m", "kasuhara_sim.tui.served", *served_args(scenario_dirs)]
    parts = served if socket_path is None else [sys.executable, "-I", "-S", str(LAUNCHER), socket_path, *served]
    return "exec " + " ".join(shlex.quote(p) for p in parts)


class WorkshopServer(Server):
    def __init__(self, command: str, *, host: str = "127.0.0.1", port: int = 8000, session: str | None = None,
                 code: str | None = None, instructor_code: str | None = None, since: str | None = None,
                 home: Path | None = None) -> None:
        super().__init__(command, host=host, port=port, title="kasuhara-sim")
        self.session = session
        self.since = since  # without a session, the live view shows the runs since the server started
        self.home = home
        self.codes_required = not is_loopback(host)
        self.codes = {TRAINEE: code, INSTRUCTOR: instructor_code} if self.codes_required else {}
        self._key = secrets.token_bytes(32)

    # --- access -------------------------------------------------------------------------------------
    def _token(self, role: str) -> str:
        return hmac.new(self._key, f"{role}:{self.codes[role]}".encode(), hashlib.sha256).hexdigest()

    def allowed(self, request: web.Request, role: str) -> bool:
        if not self.codes_required:
            return True
        roles = (role, INSTRUCTOR) if role == TRAINEE else (role,)  # the instructor may open a trainer tab too
        return any(hmac.compare_digest(request.cookies.get(COOKIE[r], ""), self._token(r)) for r in roles)

    def _code_matches(self, given: str | None, role: str) -> bool:
        expected = self.codes.get(role) or ""
        return bool(given) and hmac.compare_digest(given.strip().upper().encode(), expected.upper().encode())

    def _grant(self, response: web.StreamResponse, role: str) -> None:
        response.set_cookie(COOKIE[role], self._token(role), httponly=True, samesite="Strict", path="/")

    @web.middleware
    async def access(self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        path = request.path
        if not self.codes_required or path in OPEN_PATHS or path.startswith("/static/"):
            return await handler(request)
        role = INSTRUCTOR if path.startswith("/instructor") else TRAINEE
        if self.allowed(request, role):
            return await handler(request)
        # A link with ?code=… (read from the screen or a QR code) lets the browser in once; the code leaves the URL.
        if request.method == "GET" and self._code_matches(request.query.get("code"), role):
            query = {k: v for k, v in request.query.items() if k != "code"}
            target = request.rel_url.with_query(query)
            response = web.HTTPFound(str(target))
            self._grant(response, role)
            raise response
        if path == "/ws" or path.endswith(".json") or request.method != "GET":
            raise web.HTTPForbidden(text=L.code_wrong)
        return self._code_page(str(request.rel_url), role, wrong="code" in request.query, status=401)

    def _code_page(self, target: str, role: str, *, wrong: bool, status: int) -> web.Response:
        prompt = L.code_prompt_instructor if role == INSTRUCTOR else L.code_prompt
        error = f'<p class="err" role="alert">{escape(L.code_wrong)}</p>' if wrong else ""
        body = f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(L.code_title)}</title>
<style>body{{font-family:"Noto Sans CJK JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif;background:#0c181f;
color:#eee;display:flex;align-items:center;justify-content:center;height:100vh;margin:0}}
form{{background:#12232d;padding:32px 40px;border-radius:8px;font-size:18px}}
input{{font-size:24px;letter-spacing:.2em;padding:6px;width:10em;text-transform:uppercase}}
button{{font-size:18px;padding:8px 24px;margin-left:8px}}.err{{color:#ff8a8a}}</style></head><body>
<form method="post" action="/code"><h1>{escape(L.code_title)}</h1><p>{escape(prompt)}</p>{error}
<input type="hidden" name="next" value="{escape(target)}"><input type="hidden" name="role" value="{role}">
<input name="code" autocomplete="off" autofocus aria-label="{escape(L.code_title)}">
<button type="submit">{escape(L.code_button)}</button></form></body></html>"""
        return web.Response(text=body, content_type="text/html", status=status)

    async def handle_code(self, request: web.Request) -> web.StreamResponse:
        if request.method == "GET":
            return self._code_page("/", TRAINEE, wrong=False, status=200)
        form = await request.post()
        role = INSTRUCTOR if form.get("role") == INSTRUCTOR else TRAINEE
        target = str(form.get("next") or "/")
        if not target.startswith("/") or target.startswith("//"):  # only back into this server
            target = "/"
        if not self.codes_required:
            raise web.HTTPFound(target)
        if not self._code_matches(str(form.get("code") or ""), role):
            return self._code_page(target, role, wrong=True, status=401)
        response = web.HTTPFound(target)
        self._grant(response, role)
        raise response

    # --- the trainer page: its websocket URL from the address the browser used, not the bind address --------
    async def handle_index(self, request: web.Request) -> web.Response:
        base = f"{request.scheme}://{request.host}"
        ws = ("wss:" if request.scheme == "https" else "ws:") + base.split(":", 1)[1] + "/ws"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws,
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    # --- the instructor's live view ---------------------------------------------------------------------
    def read_state(self) -> dict[str, Any]:
        from kasuhara_sim.reports import live
        from kasuhara_sim.store import Store

        with Store.open(self.home, readonly=True) as store:
            runs = store.history(session=self.session, since=None if self.session else self.since, details=True,
                                 newest_first=False)
        return live.state(runs, session=self.session)

    async def handle_state(self, request: web.Request) -> web.Response:
        from kasuhara_sim.store import StoreError

        try:
            data = await asyncio.to_thread(self.read_state)
        except StoreError as exc:
            data = {"error": str(exc)}
        return web.Response(text=json.dumps(data, ensure_ascii=False), content_type="application/json",
                            headers={"Cache-Control": "no-store"})

    async def handle_instructor(self, request: web.Request) -> web.Response:
        from kasuhara_sim.web.instructor import page

        return web.Response(text=page(self.session, POLL_SECONDS), content_type="text/html",
                            headers={"Cache-Control": "no-store"})

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.access)
        app.router.add_route("*", "/code", self.handle_code)
        app.router.add_get("/instructor", self.handle_instructor)
        app.router.add_get("/instructor/state.json", self.handle_state)
        return app

    async def on_startup(self, app: web.Application) -> None:
        pass  # the command prints its own Japanese banner (with the codes) before serving

    def initialize_logging(self) -> None:
        import logging

        logging.basicConfig(level=logging.WARNING, format="%(message)s")
