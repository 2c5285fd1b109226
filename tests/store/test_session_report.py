"""The report a trainer hands in: sessions, filters, the pass list, trainee × scenario, the replies chosen at each
turn, and the certificates."""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner

from kasuhara_sim.cli import cli
from kasuhara_sim.reports import workshop
from kasuhara_sim.reports.workshop_html import render_html
from kasuhara_sim.store import Store

from .conftest import play


def ts(minute: int) -> str:
    return f"2025-03-01T09:{minute:02d}:00.000Z"


def t(minute: int, n: int) -> list[str]:
    return [ts(minute)] * n


@pytest.fixture
def session_runs(kettle, monkeypatch):
    """Session "am": A practises and fails (0), then passes the test (100); B passes the test at 65 (success, above
    60), C fails the test at 40 (success, below 60), D escalates in the test. E plays at home (no session)."""
    with Store.open() as store:
        monkeypatch.setenv("KASUHARA_SIM_SESSION", "am")
        play(store, "A", kettle, [2], times=t(0, 3))
        play(store, "A", kettle, [1, 1, 1], mode="test", times=t(10, 5))
        play(store, "B", kettle, [1, 2, 2, 1], mode="test", times=t(11, 6))
        play(store, "C", kettle, [3, 1, 1], mode="test", times=t(12, 5))
        play(store, "D", kettle, [2], mode="test", times=t(13, 3))
        monkeypatch.delenv("KASUHARA_SIM_SESSION")
        play(store, "E", kettle, [1, 1, 1], mode="test", times=t(30, 5))
        return store.history(details=True, newest_first=False)


def test_runs_are_tagged_with_the_session_and_filtered_by_it(session_runs):
    assert {r.trainee: r.session for r in session_runs} == {"A": "am", "B": "am", "C": "am", "D": "am", "E": None}
    with Store.open() as store:
        assert [r.trainee for r in store.history(session="am", newest_first=False)] == ["A", "A", "B", "C", "D"]
        assert [r.trainee for r in store.history(mode="practice")] == ["A"]
        assert [r.trainee for r in store.history(until=ts(11), newest_first=False)] == ["A", "A"]


def test_the_pass_list_is_test_mode_with_a_success_ending_and_the_pass_mark(session_runs):
    rep = workshop.build(session_runs)
    got = {p.trainee: (p.attempts, p.best, p.passed) for p in rep.passes}
    # A's practice run does not count; C ended well but below 60; D escalated.
    assert got == {"A": (1, 100, True), "B": (1, 65, True), "C": (1, 40, False), "D": (1, 0, False),
                   "E": (1, 100, True)}
    assert rep.passed_trainees == ["A", "B", "E"]
    assert all(p.pass_mark == 60 for p in rep.passes)


def test_the_pass_mark_is_the_one_stored_with_the_run(session_runs, home):
    import sqlite3

    conn = sqlite3.connect(home / "results.sqlite3")
    conn.execute("UPDATE runs SET pass_mark = 70 WHERE mode = 'test'")
    conn.commit()
    conn.close()
    with Store.open() as store:
        runs = store.history(details=True)
    assert workshop.build(runs).passed_trainees == ["A", "E"]  # B's 65 is below that run's 70


def test_trainee_by_scenario_first_best_attempts(session_runs):
    rep = workshop.build(session_runs)
    cell = rep.grid[("A", "kettle-initial-defect")]
    assert (cell.first, cell.best, cell.attempts) == (0, 100, 2)
    assert "0 / 100 / 2回" in workshop.render_text(rep)


def test_success_rates_count_every_run(session_runs):
    rep = workshop.build(session_runs)
    [s] = rep.scenarios
    # 6 finished runs, 2 of them escalated: not one best run per trainee (which would be 4 of 5).
    assert s.success_rate == pytest.approx(4 / 6)


def test_how_many_chose_each_reply_at_each_turn(session_runs, kettle):
    rep = workshop.build(session_runs)
    [sc] = rep.choices
    first = sc.turns[0]
    assert first.turn == 1 and first.node == kettle.scenario.start
    node = kettle.scenario.nodes[first.node]
    assert [c.text for c in first.replies] == [ch.text for ch in node.choices]  # labelled with the replies
    # Picks at turn 1 (1-based, as shown): 2, 1, 1, 3, 2, 1 -> index 0 three times, index 1 twice, index 2 once.
    assert [c.count for c in first.replies][:3] == [3, 2, 1] and first.total == 6
    assert sum(t.total for t in sc.turns) == sum(len(r.turns) for r in session_runs)
    text = workshop.render_text(rep)
    assert f"3 回 50%: {node.choices[0].text}" in text


def test_csv_carries_the_new_parts(session_runs):
    rows = list(csv.DictReader(io.StringIO(workshop.render_csv(workshop.build(session_runs)))))
    kinds = {r["kind"] for r in rows}
    assert {"pass", "trainee_scenario", "reply_choice"} <= kinds
    b = next(r for r in rows if r["kind"] == "pass" and r["trainee"] == "B")
    assert (b["best"], b["pass_mark"], b["passed"]) == ("65", "60", "1")


def test_one_certificate_page_per_trainee_who_passed(session_runs):
    with Store.open() as store:
        runs = store.history(session="am", details=True, newest_first=False)
    page = render_html(workshop.build(runs, filters={"session": "am"}), instructor="佐藤 一郎")
    certs = re.findall(r'<section class="cert".*?</section>', page, flags=re.S)
    assert len(certs) == 2  # A and B; C and D did not pass, E was not in the session
    assert "A 様" in certs[0] and "B 様" in certs[1]
    assert "講師 佐藤 一郎" in certs[0] and "研修回: am" in certs[0] and "2025年03月01日" in certs[0]
    assert ">65<" in certs[1]
    assert "page-break-before: always" in page and "<script" not in page


def test_report_command_filters(session_runs):
    runner = CliRunner()
    res = runner.invoke(cli, ["report", "--session", "am", "--mode", "test"])
    assert res.exit_code == 0, res.output
    assert "研修回 am" in res.output and "受講者 4 名" in res.output
    res = runner.invoke(cli, ["report", "--trainee", "E"])
    assert res.exit_code == 0 and "受講者 1 名" in res.output
    res = runner.invoke(cli, ["report", "--scenario", "no-such"])
    assert res.exit_code == 0 and "対象の記録がありません" in res.output
    res = runner.invoke(cli, ["report", "--until", "2025-03-01T09:11:00+00:00"])
    assert res.exit_code == 0 and "受講者 1 名" in res.output
    res = runner.invoke(cli, ["report", "--format", "html", "--session", "am", "--instructor", "佐藤"])
    assert res.exit_code == 0 and res.output.count('class="cert"') == 2
    res = runner.invoke(cli, ["report", "--until", "someday"])
    assert res.exit_code == 2 and "--until" in res.output


def test_export_narrows_to_a_session_and_names_it_in_every_format(session_runs):
    # A room's results go to the company's LRS after the workshop: only that session's runs, each saying its room.
    runner = CliRunner()
    got = runner.invoke(cli, ["export", "--format", "csv", "--session", "am"])
    assert got.exit_code == 0, got.output
    rows = list(csv.DictReader(io.StringIO(got.output.lstrip("\ufeff"))))
    assert [(r["trainee"], r["session"]) for r in rows] == [("A", "am"), ("A", "am"), ("B", "am"), ("C", "am"),
                                                              ("D", "am")]
    everyone = list(csv.DictReader(io.StringIO(runner.invoke(cli, ["export", "--format", "csv"]).output.lstrip("\ufeff"))))
    assert [(r["trainee"], r["session"]) for r in everyone][-1] == ("E", "")

    import json

    data = json.loads(runner.invoke(cli, ["export", "--format", "json", "--session", "am"]).output)
    assert data["filters"] == {"session": "am"} and {r["trainee"] for r in data["runs"]} == {"A", "B", "C", "D"}
    statements = json.loads(runner.invoke(cli, ["export", "--format", "xapi", "--session", "am"]).output)
    sessions = {value for s in statements for key, value in s["context"]["extensions"].items()
                if key.endswith("/session")}
    assert statements and sessions == {"am"}
    assert all(any(k.endswith("/session") for k in s["context"]["extensions"]) for s in statements)


def test_hostile_names_are_escaped_wherever_the_html_report_shows_them(tmp_path, kettle, monkeypatch):
    """Trainee, scenario title, a reply's text, instructor and session are typed by people: each carries markup,
    quotes (which would end an attribute) and an ampersand, and comes out as text in every place it is shown: tables,
    chart labels and aria-labels, the mistakes' replies, the replies per turn, the certificates."""
    from html.parser import HTMLParser

    import yaml

    from kasuhara_sim.format.loader import load_scenario

    from .conftest import scenario_file

    trainee = '<script>alert("T&amp;1")</script>'
    title = '<b onclick="x">"題"&amp;</b>'
    reply = '<i>「すぐに" onclick="交換&amp;します」</i>'
    instructor = '<img src=x onerror="I&amp;2">'
    session = '<u title="S">" onmouseover="S&amp;3</u>'
    path = scenario_file(tmp_path / "sc", "odd-title", title=title)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["nodes"]["details"]["choices"][1]["text"] = reply  # the rash promise
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    odd = load_scenario(path)
    with Store.open() as store:
        monkeypatch.setenv("KASUHARA_SIM_SESSION", session)
        play(store, trainee, odd, [1, 2, 2, 1], mode="test", times=t(0, 6))  # passes at 65 with the rash promise
        play(store, "B", kettle, [1, 1, 1], mode="test", times=t(10, 5))
        runs = store.history(details=True, newest_first=False)
    page = render_html(workshop.build(runs, filters={"session": session}), instructor=instructor)

    class Page(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tags, self.attributes, self.text = set(), set(), []

        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)
            self.attributes |= {name for name, _ in attrs}
            self.text += [value or "" for _, value in attrs]

        def handle_data(self, data):
            self.text.append(data)

    parsed = Page()
    parsed.feed(page)
    # No markup got in: no element or attribute that the report does not write itself.
    assert not parsed.tags & {"script", "b", "i", "img", "u"}
    assert not {a for a in parsed.attributes if a.startswith("on") or a == "src"}
    # And each value is shown whole, as it was typed, in every place it belongs.
    shown = "\n".join(parsed.text)
    for value, places in ((trainee, 5), (title, 11), (reply, 2), (instructor, 2), (session, 3)):
        # trainee: the trainees table, the pass list, trainee × scenario, the certificate's label and heading;
        # title: the chart's label, aria-label and <title>, the scenario and endings tables, the heat map, the source
        # of a mistaken reply, the replies per turn, the pass list, trainee × scenario, the certificate;
        # reply: the mistakes and the replies per turn; instructor: both certificates; session: the filters line and
        # both certificates.
        assert shown.count(value) == places, (value, shown.count(value))
    [mine] = [c for c in re.findall(r'<section class="cert".*?</section>', page, flags=re.S) if "alert" in c]
    cert = Page()
    cert.feed(mine)
    assert all(value in "\n".join(cert.text) for value in (trainee, title, instructor, session))
