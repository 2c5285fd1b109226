"""Home: the scenario library as a table, filtered by category and level, with incremental search."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Select, Static

from kasuhara_sim import strings as S
from kasuhara_sim.strings import Results as R
from kasuhara_sim.strings import Tui as T
from kasuhara_sim.tui.textsafe import label, strip_controls
from kasuhara_sim.tui.widgets.footer import KeysFooter
from kasuhara_sim.tui.widgets.jatext import JaText
from kasuhara_sim.tui.widgets.standin import SelectStandIn
from kasuhara_sim.tui.workers import RecoversFromWorkers

if TYPE_CHECKING:
    from kasuhara_sim.format.library import Library
    from kasuhara_sim.format.loader import LoadedScenario

ALL = "*"
LEVEL_ORDER = ("beginner", "intermediate", "manager")
SCROLLBAR = 2
# Cells given to each optional column (contents longer than that end in "…").
WIDTHS = {"category": 12, "level": 6, "channel": 10, "minutes": 3, "best": 6}
# A column is shown only if the title keeps at least this many cells with it.
TITLE_MIN = {"minutes": 24, "channel": 36}
TITLE_FLOOR = 12
ATTEMPTS_WIDTH = 4


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def normalise(text: str) -> str:
    """For matching: full-width → half-width, case folded, katakana → hiragana (ケトル matches けとる)."""
    t = unicodedata.normalize("NFKC", text).casefold()
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in t)


def haystack(ls: LoadedScenario) -> str:
    sc = ls.scenario
    parts = [sc.id, sc.title, sc.summary, label(S.CATEGORIES, sc.category), label(S.CATEGORY_DESCRIPTIONS, sc.category),
             label(S.LEVELS, sc.level), label(S.CHANNELS, sc.channel), sc.persona.name]
    if sc.industry:
        parts += [sc.industry, S.INDUSTRIES.get(sc.industry, "")]
    return normalise(" ".join(parts))


def matches(ls: LoadedScenario, category: str, level: str, query: str) -> bool:
    sc = ls.scenario
    if category != ALL and sc.category != category:
        return False
    if level != ALL and sc.level != level:
        return False
    words = normalise(query).split()
    hay = haystack(ls)
    return all(w in hay for w in words)


def fit(text: str, width: int, style: str = "") -> Text:
    text = strip_controls(text)
    t = Text(text, style=style, no_wrap=True, end="")
    if cell_len(text) > width:
        t.truncate(width, overflow="ellipsis")
    return t


def columns_for(width: int) -> list[tuple[str, int]]:
    """(column key, cells) for a table ``width`` cells wide: the title takes what the others leave."""
    room = width - SCROLLBAR
    cols = ["category", "level", "best"]

    def title_width(keys) -> int:
        return room - sum(WIDTHS[k] + 2 for k in keys) - 2

    for extra in ("minutes", "channel"):
        if title_width(cols + [extra]) >= TITLE_MIN[extra]:
            cols.append(extra)
    order = ["category", "level", "channel", "minutes", "best"]
    cols = [c for c in order if c in cols]
    return [("title", max(TITLE_FLOOR, title_width(cols)))] + [(c, WIDTHS[c]) for c in cols]


def with_attempts(columns: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The 回数 column (attempts on record), taken from the title's room while the title keeps its floor."""
    (key, title), rest = columns[0], columns[1:]
    if title - ATTEMPTS_WIDTH - 2 < TITLE_FLOOR:
        return columns
    return [(key, title - ATTEMPTS_WIDTH - 2)] + rest + [("attempts", ATTEMPTS_WIDTH)]


def problems_note(problems) -> str:
    """The toast for files that could not be read: how many files (not errors, a file may have several), which,
    and the folder to run validate on."""
    import os
    import shlex

    paths = sorted({d.path for d in problems})
    names = S.LIST_SEP.join(strip_controls(os.path.basename(p) or p) for p in paths[:3])
    if len(paths) > 3:
        names += " " + T.home_problems_more.format(more=len(paths) - 3)
    try:
        folder = os.path.commonpath([os.path.dirname(p) or "." for p in paths])
    except ValueError:  # absolute and relative paths mixed
        folder = "."
    return T.home_problems.format(count=len(paths), names=names, folder=shlex.quote(strip_controls(folder)))


class HomeScreen(RecoversFromWorkers, Screen):
    HELP = T.help_home + (R.help_home_progress,)
    AUTO_FOCUS = "#scenarios"
    BINDINGS = [
        # Priority, so that the footer shows it over the table's own (hidden) Enter; it yields to the search box
        # and the selects through check_action.
        Binding("enter", "open", T.key_open, key_display="Enter", priority=True),
        Binding("slash", "search", T.key_search, key_display="/"),
        Binding("q", "quiz", T.key_quiz),
        Binding("p", "progress", R.key_progress),
        Binding("m", "toggle_mode", T.key_mode),
        Binding("escape", "clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.library: Library | None = None
        self.shown: list[LoadedScenario] = []
        self._columns: list[tuple[str, int]] = []
        self._attempts = False  # the trainee has attempts on record: show the 回数 column
        self.built = False
        self.listed = False
        self._categories: list[tuple[str, str]] = []
        self._filled: tuple = (None, None)  # (library, filters) the table was last filled with
        self._shows: tuple = ()  # what the table's rows show (refresh_table leaves the table alone when unchanged)

    def compose(self) -> ComposeResult:
        # The library is in the first frame when the listing of the last start still holds (no file changed): the
        # table is filled from it (on_screen_resume), without pydantic or YAML, and the library itself is read in a
        # thread behind it. Otherwise the table says it is loading until the thread is done.
        from kasuhara_sim.format.library import listed_library

        listed = listed_library(self.app.scenario_dirs)
        self.library = listed
        self.listed = listed is not None  # the table shows the listing; the library itself is still being read
        self._categories = self._category_options(listed) if listed else [(T.home_all_categories, ALL)]
        with Horizontal(id="topbar"):
            yield Static(Content.assemble((S.APP_TITLE, "bold"), "  ", S.APP_SUBTITLE), id="brand")
            yield Static(Content(T.trainee.format(name=self.app.trainee) if self.app.trainee else ""), id="trainee")
        with Vertical(id="home-body"):
            with Horizontal(id="filters"):
                # Closed-Select look-alikes in the first frame; _mount_filters puts the Selects in their place.
                yield SelectStandIn(self._categories[0][0], id="category-standin")
                yield SelectStandIn(T.home_all_levels, id="level-standin")
                yield Input(placeholder=T.home_search_placeholder, id="search")
            yield DataTable(id="scenarios", cursor_type="row", zebra_stripes=True)
            yield Static(Content(T.loading), id="summary")
        with Horizontal(id="statusbar"):
            yield Static(id="progress")
            yield Static(id="mode")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "mode", self._show_mode)
        self.watch(self.app, "trainee", self._show_trainee, init=False)
        self.built = True  # the table is filled by on_screen_resume, before the first frame
        self.call_after_refresh(self._mount_filters)
        # The library is read after the first frame: a thread importing pydantic before it would hold the GIL and
        # delay that frame.
        self.call_after_refresh(self.load_library)

    def _mount_filters(self) -> None:
        """The two Selects, in place of their stand-ins (both show 「すべて」 until the trainee chooses)."""
        selects = {
            "category": Select(self._categories, allow_blank=False, value=ALL, id="category",
                               prompt=T.home_filter_category),
            "level": Select([(T.home_all_levels, ALL)] + [(label(S.LEVELS, lv), lv) for lv in LEVEL_ORDER],
                            allow_blank=False, value=ALL, id="level", prompt=T.home_filter_level),
        }
        for name, select in selects.items():
            standin = self.query_one(f"#{name}-standin")
            self.query_one("#filters").mount(select, before=standin)
            standin.remove()

    def _select(self, name: str) -> Select | None:
        """The category or level Select, None in the first frame (its stand-in is shown)."""
        found = self.query(f"#{name}").results(Select)
        return next(found, None)

    @staticmethod
    def _category_options(lib: Library) -> list[tuple[str, str]]:
        present = {s.scenario.category for s in lib.scenarios}
        return ([(T.home_all_categories, ALL)] + [(S.CATEGORIES[c], c) for c in S.CATEGORIES if c in present]
                + [(strip_controls(c), c) for c in sorted(present - set(S.CATEGORIES))])

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def load_library(self) -> None:
        from kasuhara_sim.format.library import load_library

        lib = load_library(self.app.scenario_dirs)
        self.app.call_from_thread(self.library_loaded, lib)

    def library_loaded(self, lib: Library) -> None:
        self.library = lib
        self.app.library = lib  # read once per app: the progress screen takes it from there
        self.listed = False
        options = self._category_options(lib)
        if options != self._categories:  # the same options again would reset the trainee's choice
            self._categories = options
            select = self._select("category")
            if select is not None:  # else _mount_filters makes it with these options
                select.set_options(options)
        if lib.problems:
            self.notify(problems_note(lib.problems), severity="warning", timeout=8)
        self.refresh_table()
        prepare = getattr(self.app, "prepare_screens", None)
        if prepare is not None:
            self.call_after_refresh(prepare)  # after the table is on screen

    # --- table ----------------------------------------------------------------------------------------
    def _filters(self) -> tuple[str, str, str]:
        cat, lvl = (getattr(self._select(name), "value", ALL) for name in ("category", "level"))
        return (cat if isinstance(cat, str) else ALL, lvl if isinstance(lvl, str) else ALL,
                self.query_one("#search", Input).value)

    def refresh_table(self) -> None:
        if self.library is None or not self.built:
            return
        table = self.query_one("#scenarios", DataTable)
        current = self.current()
        cat, lvl, query = self._filters()
        self._filled = (self.library, (cat, lvl, query))
        self.shown = sorted((s for s in self.library.scenarios if matches(s, cat, lvl, query)),
                            key=lambda s: (level_rank(s.scenario.level), s.id))
        # The database is opened in a thread behind the first frame (SQLite and the store's modules): until then the
        # table has this session's results and the progress line waits.
        waiting = bool(self.app.trainee) and not self.app.results.opened
        best = self.app.best_results(stored=not waiting)
        self._attempts = any(b.attempts for b in best.values())
        self._columns = self._layout(table.size.width or self.size.width or self.app.size.width)
        # What the rows would show: when it has not changed (a name confirmed, a screen closed), the table is left as
        # it is, and so are its rendered lines (rebuilding them cost most of going back to the library in a browser).
        shows = (tuple(self._columns), T.home_columns, R.home_attempts,
                 tuple((ls.id, ls.scenario.title, ls.scenario.category, ls.scenario.level, ls.scenario.channel,
                        ls.scenario.minutes, best.get(ls.id)) for ls in self.shown))
        if shows == self._shows and table.row_count == len(self.shown):
            self._after_fill(waiting, best)
            return
        self._shows = shows
        table.clear(columns=True)
        labels = dict(zip(("title", "category", "level", "channel", "minutes", "best"), T.home_columns))
        labels["attempts"] = R.home_attempts
        for key, width in self._columns:
            table.add_column(labels[key], width=width, key=key)
        for ls in self.shown:
            sc = ls.scenario
            b = best.get(sc.id)
            cells = {
                "title": fit(sc.title, self._columns[0][1]),
                "category": fit(label(S.CATEGORIES, sc.category), WIDTHS["category"]),
                "level": fit(label(S.LEVELS, sc.level), WIDTHS["level"]),
                "channel": fit(label(S.CHANNELS, sc.channel), WIDTHS["channel"]),
                "minutes": Text(str(sc.minutes) if sc.minutes else T.home_no_minutes, justify="right"),
                "best": Text(T.home_best.format(total=b.total, grade=b.grade), justify="right")
                if b and b.total is not None else Text(T.home_no_best, style="dim", justify="right"),
                "attempts": Text(str(b.attempts), justify="right") if b and b.attempts
                else Text(T.home_no_best, style="dim", justify="right"),
            }
            table.add_row(*(cells[k] for k, _ in self._columns), key=sc.id)
        ids = [ls.id for ls in self.shown]
        if current is not None and current.id in ids:  # the same scenario, from the listing or the library
            table.move_cursor(row=ids.index(current.id), animate=False)
        self._after_fill(waiting, best)

    def _after_fill(self, waiting: bool, best) -> None:
        self._show_summary()
        if waiting:
            self._open_results()
        else:
            self._show_progress(best)

    @work(thread=True, exclusive=True, group="results", exit_on_error=False)
    def _open_results(self) -> None:
        self.app.results.available  # opens it (or records why it cannot be)
        self.app.call_from_thread(self.refresh_table)

    def current(self) -> LoadedScenario | None:
        table = self.query_one("#scenarios", DataTable)
        if not self.shown or table.row_count == 0:
            return None
        row = table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _show_summary(self) -> None:
        summary = self.query_one("#summary", Static)
        if self.library is not None and not self.library.scenarios:
            summary.update(Content(T.home_empty))
            return
        ls = self.current()
        if ls is None:
            summary.update(Content(T.home_none_match))
            return
        sc = ls.scenario
        meta = " · ".join([label(S.CATEGORY_DESCRIPTIONS, sc.category), label(S.LEVEL_DESCRIPTIONS, sc.level),
                           label(S.CHANNELS, sc.channel)])
        summary.update(JaText(Content.assemble((sc.title, "bold"), "\n", sc.summary, "\n", (meta, "$text-muted"))))

    def _show_progress(self, best) -> None:
        if self.library is None:
            return
        total = len(self.library.scenarios)
        ids = {s.id for s in self.library.scenarios}
        done = len(ids & {sid for sid, b in best.items() if b.total is not None})
        pct = round(100 * done / total) if total else 0
        text = T.home_progress.format(done=done, total=total, percent=pct)
        if len(self.shown) != total:
            text += "   " + T.home_count.format(shown=len(self.shown), total=total)
        self.query_one("#progress", Static).update(Content(text))

    def _show_mode(self, mode: str) -> None:
        self.query_one("#mode", Static).update(Content(T.home_mode_hint.format(mode=S.MODES[mode])))
        self.set_class(mode == "test", "-test")

    # --- events -----------------------------------------------------------------------------------------
    def on_resize(self) -> None:
        # Column widths depend on the terminal width; rebuild when the layout they came from changes.
        self.call_after_refresh(self._maybe_relayout)

    def _maybe_relayout(self) -> None:
        if not self.built:
            return
        table = self.query_one("#scenarios", DataTable)
        if self.library is not None and self._layout(table.size.width or self.size.width) != self._columns:
            self.refresh_table()

    def _layout(self, width: int) -> list[tuple[str, int]]:
        columns = columns_for(width)
        return with_attempts(columns) if self._attempts else columns

    def _show_trainee(self, name: str | None) -> None:
        self.query_one("#trainee", Static).update(Content(T.trainee.format(name=name) if name else ""))
        self.refresh_table()  # the best scores are the new trainee's

    def on_screen_resume(self) -> None:
        self.refresh_table()  # a finished run may have a new best result

    def recover(self, worker) -> None:
        if worker.group == "library" and self.library is None:  # nothing to show instead
            self.query_one("#summary", Static).update(Content(T.worker_failed))

    @on(Select.Changed, "#category, #level")
    def _filter_changed(self, event: Select.Changed) -> None:
        library, filters = self._filled
        if library is not self.library or filters != self._filters():  # not the value each Select announces at start
            self.refresh_table()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.refresh_table()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#scenarios", DataTable).focus()

    @on(DataTable.RowHighlighted, "#scenarios")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_summary()

    @on(DataTable.RowSelected, "#scenarios")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # a mouse click on a row
        self.action_open()

    def on_key(self, event) -> None:
        # ↓ from the search box goes to the list, as in a browser's search field.
        if event.key == "down" and isinstance(self.focused, Input):
            event.stop()
            self.query_one("#scenarios", DataTable).focus()

    # --- actions ------------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters) -> bool | None:
        if action == "open":
            return isinstance(self.focused, DataTable)
        if action in ("search", "clear"):
            return self.built
        return True

    def action_open(self) -> None:
        ls = self.current()
        if ls is not None and self.listed:  # chosen from the listing before the library was read: read this file
            from kasuhara_sim.format.diagnostics import ScenarioError

            try:
                ls = ls.load()
            except ScenarioError as exc:
                self.notify(problems_note(exc.diagnostics), severity="warning", timeout=8)
                return
        if ls is not None:
            self.app.open_briefing(ls)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_progress(self) -> None:
        self.app.open_progress()

    def action_quiz(self) -> None:
        self.app.open_quiz()

    def action_toggle_mode(self) -> None:
        self.app.toggle_mode()

    def action_clear(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        for select in filter(None, (self._select("category"), self._select("level"))):
            select.value = ALL
        self.query_one("#scenarios", DataTable).focus()
