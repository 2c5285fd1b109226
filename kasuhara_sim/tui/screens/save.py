"""Save a run's transcript as Markdown: the current folder by default, or any path the trainee types."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from kasuhara_sim.reports.transcript import default_filename, resolve_target, transcript_markdown, write_markdown
from kasuhara_sim.strings import Tui as T

if TYPE_CHECKING:
    from kasuhara_sim.tui.session import PlaySession


class SaveScreen(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", show=False)]

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session
        self.folder = Path(self.app.save_dir) if self.app.save_dir else Path.cwd()
        self.default_name = default_filename(session.scenario.id, session.started_at)
        self._confirm_overwrite: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="save-box", classes="dialog") as box:
            box.border_title = T.save_title
            box.border_subtitle = T.save_hint
            yield Static(Content(T.save_label), id="save-label")
            yield Static(Content(T.save_folder.format(path=self.folder)), id="save-folder")
            yield Input(value=self.default_name, id="save-path")
            yield Static(id="save-message")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed, "#save-path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._confirm_overwrite = None
        self.query_one("#save-message", Static).update("")

    @on(Input.Submitted, "#save-path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        s = self.session
        target = resolve_target(event.value, self.default_name, self.folder)
        message = self.query_one("#save-message", Static)
        if not target.parent.is_dir():
            message.update(Content.styled(T.save_no_folder.format(path=target.parent), "$error"))
            return
        text = transcript_markdown(s.scenario, s.run, s.report, mode=s.mode, trainee=s.trainee,
                                   played_at=s.started_at, elapsed=s.elapsed)
        try:
            write_markdown(text, target, overwrite=self._confirm_overwrite == target)
        except FileExistsError:
            self._confirm_overwrite = target
            message.update(Content.styled(T.save_exists, "$warning"))
            return
        except OSError as exc:
            message.update(Content.styled(T.save_failed.format(reason=exc.strerror or exc), "$error"))
            return
        self.dismiss(target)

    def action_cancel(self) -> None:
        self.dismiss(None)
