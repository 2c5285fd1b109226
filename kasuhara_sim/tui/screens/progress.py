"""Progress (成績): the trainee's history, each dimension's trend, the weakest dimension and the next scenario.

What is weak and what to play next are decided by the core (``kasuhara_sim.reports.progress``); this screen shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from kasuhara_sim import strings as S
from kasuhara_sim.strings import Results as R
from kasuhara_sim.strings import Tui as T
from kasuhara_sim.tui.widgets.jatext import JaText
from kasuhara_sim.tui.widgets.trend import TrendChart
from kasuhara_sim.tui.workers import RecoversFromWorkers

if TYPE_CHECKING:
    from kasuhara_sim.reports.progress import Progress


class ProgressScreen(RecoversFromWorkers, Screen):
    CSS_PATH = Path(__file__).with_name("progress.tcss")
    HELP = R.help_progress
    BINDINGS = [
        Binding("enter", "open_suggested", R.key_open_suggested, key_display="Enter"),
        Binding("n", "rename", R.key_rename),
        Binding("escape", "back", T.key_back, key_display="Esc"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.progress: Progress | None = None
        self.library = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(Content.styled(R.progress_title, "bold"), id="brand")
            yield Static(id="progress-trainee")
        with VerticalScroll(id="progress-body"):
            yield Static(Content(T.loading), id="progress-summary")
            yield Static(id="progress-advice")
            yield Static(Content.styled(R.progress_trend, "bold"), classes="section-title")
            yield TrendChart({}, {}, id="progress-chart")
            yield Static(Content.styled(R.progress_history, "bold"), classes="section-title")
            yield DataTable(id="progress-history", cursor_type="row", zebra_stripes=True, show_cursor=False)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="progress", exit_on_error=False)
    def load(self) -> None:
        # The library (for the suggestion) is parsed off the UI thread, as on the home screen.
        from kasuhara_sim.format.library import load_library

        lib = self.app.library or load_library(self.app.scenario_dirs)  # the home screen's, when it has read it
        self.app.call_from_thread(self.loaded, lib)

    def loaded(self, lib) -> None:
        from kasuhara_sim.reports import progress

        self.library = lib
        trainee = self.app.trainee
        runs = self.app.results.history(trainee) if trainee else []
        self.progress = progress.compute(trainee or "", runs, lib.scenarios)
        self.show()

    # --- view ---------------------------------------------------------------------------------------------
    def show(self) -> None:
        p = self.progress
        trainee = self.app.trainee
        self.query_one("#progress-trainee", Static).update(
            Content(R.progress_trainee.format(name=trainee) if trainee else R.no_trainee))
        summary = R.progress_summary.format(tried=p.tried, total=p.total_scenarios, finished=p.finished_runs,
                                            mastered=p.mastered, mastery=p.mastery)
        self.query_one("#progress-summary", Static).update(Content(summary))
        advice: list[Content] = []
        if p.weakest:
            advice.append(Content.assemble(
                (R.progress_weakest.format(label=p.label(p.weakest), mean=round(p.weakest_mean)), "bold $warning")))
        elif p.lagging:
            advice.append(Content.assemble(
                (R.progress_lagging.format(label=p.label(p.lagging), mean=round(p.lagging_mean)), "bold $warning")))
        else:
            none = R.progress_weakest_clear if p.finished_runs else R.progress_weakest_none
            advice.append(Content.styled(none, "$text-muted"))
        if p.suggestion:
            advice.append(Content.assemble((R.progress_next.format(title=p.suggestion.title), "bold $accent")))
            advice.append(Content.styled(p.suggestion.reason + R.progress_next_key, "$text-muted"))
        self.query_one("#progress-advice", Static).update(JaText(Content("\n").join(advice)))

        self.query_one(TrendChart).set_data(p.trends, p.labels)

        self._fill_history()
        table = self.query_one("#progress-history", DataTable)
        table.styles.height = len(p.runs) + 1  # the whole history; the screen scrolls, not the table
        if not p.runs:
            table.display = False
            self.query_one("#progress-summary", Static).update(Content(R.progress_empty + "  " + summary))
        else:
            table.display = True
        self.refresh_bindings()

    def _fill_history(self) -> None:
        from kasuhara_sim.display import local_time, short
        from kasuhara_sim.tui.screens.home import fit

        table = self.query_one("#progress-history", DataTable)
        table.clear(columns=True)
        # Fixed widths, the title taking what is left, so that the score is never scrolled out of sight.
        # A column is at least as wide as its heading and, for the mode, its longest value (English is wider).
        from rich.cells import cell_len

        head = R.progress_history_header
        widths = [16, 0, max(6, cell_len(head[2]), *map(cell_len, R.mode_short.values())), 12,
                  max(4, cell_len(head[4])), max(4, cell_len(head[5]))]
        widths[1] = max(10, (table.size.width or self.size.width - 4) - sum(widths) - 2 * len(widths) - 2)
        for i, (name, w) in enumerate(zip(R.progress_history_header, widths)):
            table.add_column(name, key=str(i), width=w)
        for r in self.progress.runs:
            result = S.OUTCOMES.get(r.outcome, r.outcome) if r.finished else R.status[r.status]
            table.add_row(local_time(r.started_at), fit(r.scenario_title, widths[1]), R.mode_short[r.mode],
                          short(result, widths[3]), str(r.total) if r.finished and r.total is not None else "",
                          (r.grade or "") if r.finished else "")

    def on_resize(self) -> None:
        if self.progress is not None:
            self.call_after_refresh(self._fill_history)

    # --- actions ------------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters) -> bool | None:
        if action == "open_suggested":
            return self.progress is not None and self.progress.suggestion is not None
        return True

    def action_open_suggested(self) -> None:
        if self.progress is None or self.progress.suggestion is None or self.library is None:
            return
        loaded = self.library.by_id(self.progress.suggestion.scenario_id)
        if loaded is not None:
            self.app.pop_screen()
            self.app.open_briefing(loaded)

    def action_rename(self) -> None:
        self.app.ask_trainee(then=lambda: self.loaded(self.library) if self.library is not None else None)

    def action_back(self) -> None:
        self.app.pop_screen()
