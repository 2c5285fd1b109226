"""``serve`` (the workshop room in browsers) and ``watch`` (the room from a terminal), registered lazily in root.py.

textual-serve and aiohttp are imported only when ``serve`` runs; ``watch`` needs neither.
"""

from __future__ import annotations

import os
import re
import time

import click

from kasuhara_sim.cli.common import UsageProblem, all_dirs, scenarios_option
from kasuhara_sim.strings import Live as L

CODE_RE = re.compile(r"^[A-Za-z0-9]{4,64}$")


def _code(value: str | None, option: str) -> str | None:
    if value is not None and not CODE_RE.match(value):
        raise UsageProblem(L.err_code.format(value=value).replace("--code", option))
    return value


def default_session() -> str:
    """The local start time, so that every serve has a session name to report on even when none was given."""
    from datetime import datetime

    return datetime.now().strftime("%Y-%m-%d %H:%M")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="待ち受けるアドレス。会場の他のパソコンから開くには 0.0.0.0(アクセスコードが必要になります)。")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="ポート番号。")
@click.option("--session", metavar="NAME", help="研修回の名前。演習はこの名前付きで記録されます(既定: 開始日時)。")
@click.option("--code", metavar="CODE", help="受講者用アクセスコード(既定: 自動で作って表示します。ループバックでは不要)。")
@click.option("--instructor-code", metavar="CODE", help="講師用ライブビューのアクセスコード(既定: 自動)。")
@click.option("--no-preload", is_flag=True,
              help="調査用: タブごとに演習のプロセスを一から起動します(既定では、読み込みを済ませたプロセスを複製して"
                   "素早く起動します。KASUHARA_SIM_PRELOAD=0 でも同じ)。")
@scenarios_option
@click.pass_context
def serve_cmd(ctx, host, port, session, code, instructor_code, no_preload, scenario_dirs):
    """研修会場向け: 受講者がブラウザで演習し、講師が /instructor で様子を見られるサーバーを開始します。"""
    try:
        from kasuhara_sim.web import preload
        from kasuhara_sim.web.server import WorkshopServer, is_loopback, new_code, served_args, trainer_command
    except ImportError:
        raise click.ClickException(L.err_serve_missing) from None
    from kasuhara_sim.store import ENV_SESSION, Store, StoreError, utc_now

    code, instructor_code = _code(code, "--code"), _code(instructor_code, "--instructor-code")
    session = (session or "").strip() or default_session()
    try:  # the database must be usable before anyone plays: refuse now, not in thirty tabs
        Store.open().close()
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    loopback = is_loopback(host)
    if not loopback:
        code = code or new_code()
        instructor_code = instructor_code or new_code(8)
        while instructor_code.upper() == code.upper():
            instructor_code = new_code(8)
    os.environ[ENV_SESSION] = session  # every trainer process inherits it, and tags its runs with it
    from kasuhara_sim.i18n import ENV as ENV_LANG, current

    os.environ[ENV_LANG] = current()  # and the language chosen here
    dirs = all_dirs(ctx, scenario_dirs)
    # One pre-loaded trainer forks each tab's (30 tabs opened at once no longer start 30 Pythons): see web/preload.py.
    preloader = preload.Preloader(served_args(dirs)) if preload.enabled() and not no_preload else None
    server = WorkshopServer("", host=host, port=port, session=session, code=code, instructor_code=instructor_code,
                            since=utc_now())
    shown = "localhost" if loopback else (host if host not in ("0.0.0.0", "::") else _lan_address())
    url = f"http://{shown}:{port}/"
    click.echo(L.serve_started.format(url=url))
    click.echo(L.serve_session.format(session=session))
    click.echo(L.serve_instructor.format(url=url))
    if loopback:
        click.echo(L.serve_loopback)
    else:
        click.echo(L.serve_code.format(code=code) + f"  ({url}?code={code})")
        click.echo(L.serve_instructor_code.format(code=instructor_code))
    click.echo(L.serve_stop)
    try:
        if preloader is not None:
            preloader.start()
        server.command = trainer_command(dirs, preloader.socket_path if preloader else None)
        server.serve()
    except OSError as exc:
        raise click.ClickException(L.err_port.format(port=port, reason=exc.strerror or exc)) from None
    finally:
        if preloader is not None:
            preloader.stop()


def _lan_address() -> str:
    """This computer's address on the room's network, for the URL to write on the board (best effort)."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET: no packet is sent by a UDP connect
            return s.getsockname()[0]
    except OSError:
        return socket.gethostname()


@click.command("watch")
@click.option("--session", metavar="NAME", help="この研修回だけを表示します(既定: 今日の演習すべて)。")
@click.option("--interval", default=2.0, show_default=True, type=click.FloatRange(0.5, 60), help="更新の間隔(秒)。")
@click.option("--once", is_flag=True, help="1 回だけ表示して終わります。")
def watch_cmd(session, interval, once):
    """講師向け: 演習中の受講者・ターン・怒り、終わった演習、グループの弱い手順を端末に表示し続けます。"""
    from kasuhara_sim.reports import live
    from kasuhara_sim.reports.workshop import since_bound
    from kasuhara_sim.store import Store, StoreError

    session = (session or "").strip() or None
    since = None if session else since_bound("today")

    def frame() -> str:
        try:
            with Store.open(readonly=True) as store:
                runs = store.history(session=session, since=since, details=True, newest_first=False)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
        return live.render_text(live.state(runs, session=session))

    if once:
        click.echo(frame(), nl=False)
        return
    try:
        while True:
            text = frame()
            click.clear()
            click.echo(text + "\n" + L.watch_hint.format(seconds=f"{interval:g}"))
            time.sleep(interval)
    except KeyboardInterrupt:
        pass
