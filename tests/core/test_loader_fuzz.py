"""Property: whatever bytes an instructor's file holds, the loader and the lint answer with a scenario (and its
findings) or the project's own ScenarioError, never another exception and never a hang.

Inputs are mutations of real scenario files (lines deleted or duplicated, characters swapped, indentation changed,
values replaced by awkward scalars) and random bytes. Derandomized with bounded sizes so that CI runs the same
examples every time; the alarm below only turns a hang into a failure (it measures no speed).
"""

from __future__ import annotations

import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kasuhara_sim.analysis.lint import lint  # noqa: E402
from kasuhara_sim.format.diagnostics import ScenarioError  # noqa: E402
from kasuhara_sim.format.loader import LoadedScenario, load_scenario  # noqa: E402
from kasuhara_sim.scoring.search import analyse  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SEEDS = [(REPO / "tests" / "data" / name).read_text(encoding="utf-8") for name in ("kettle.yaml", "salon-colour.yaml")]
SEEDS.append((REPO / "scenarios" / "konbini-nihonjin-wo-dase.yaml").read_text(encoding="utf-8"))
BUDGET = 5_000  # enough for these scenarios; keeps a mutation that multiplies states from taking long

# Values an instructor (or an attacker) might type where a scalar goes.
AWKWARD = [
    "", "~", "yes", "no", "true", "1.0", "1:30", "7_0", "012", "0x" + "F" * 60, "0b101", "1e999", ".nan", "-0",
    "!!int", '!!int ""', "!!float x", "!!bool maybe", "!!timestamp x", "!!binary ###", "!!set", "!!python/tuple",
    "!!python/name:os.system", "!foo bar", "&a", "*a", "*undefined", "<<: *a", "[", "]", "{", "}", "[[[]]]", "{a: {b: }}",
    '"', "'", '"unterminated', "|", ">", "|-\n  x", "- a", ": x", "? x", "#", "%YAML 1.1", "---", "...",
    "６５", "－１０", "：", "\u3000", "\u3000x", '"\\e[2J"', '"\\x9b"', '"\\u202e"', "\x7f", "\t", "a: b: c",
    "「長い」" * 20, "9" * 30,
]


def _mutate(text: str, ops: list[tuple[int, int, int, str]]) -> str:
    lines = text.split("\n")
    for kind, a, b, value in ops:
        if not lines:
            lines = [""]
        i = a % len(lines)
        line = lines[i]
        if kind == 0:  # delete a line
            del lines[i]
        elif kind == 1:  # duplicate a line somewhere else
            lines.insert(b % (len(lines) + 1), line)
        elif kind == 2 and len(line) > 1:  # swap two neighbouring characters
            j = b % (len(line) - 1)
            lines[i] = line[:j] + line[j + 1] + line[j] + line[j + 2:]
        elif kind == 3:  # change the indentation
            body = line.lstrip(" ")
            lines[i] = " " * ((len(line) - len(body) + (b % 9) - 4) % 12) + body
        elif kind == 4:  # replace a value
            key, sep, _ = line.partition(": ")
            lines[i] = (key + sep + value) if sep else (line + value)
        elif kind == 5:  # insert a raw line
            lines.insert(i, " " * (b % 8) + value)
        else:  # cut the file short (an editor's save interrupted)
            lines = lines[: i + 1]
    return "\n".join(lines)


scalar = st.one_of(st.sampled_from(AWKWARD), st.sampled_from(AWKWARD),
                   st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
mutation = st.tuples(st.sampled_from([0, 1, 2, 3, 4, 4, 4, 5, 6]), st.integers(0, 10_000), st.integers(0, 10_000), scalar)
mutated = st.builds(_mutate, st.sampled_from(SEEDS), st.lists(mutation, min_size=1, max_size=4)).map(str.encode)
# Mostly mutated files (they reach the model, the checks and the lint); some random bytes (the reader).
anything = st.one_of(mutated, st.binary(max_size=300))


@contextmanager
def _no_hang(seconds: int):
    """Turn a hang into a failure (POSIX only; elsewhere the test still runs without the guard)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum, frame):
        raise AssertionError(f"no answer after {seconds} s: the loader or the lint hangs on this input")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _check(data: bytes, folder: Path) -> None:
    path = folder / "fuzz.yaml"
    path.write_bytes(data)
    with _no_hang(60):
        try:
            loaded = load_scenario(path)
        except ScenarioError as exc:
            assert exc.diagnostics, "a ScenarioError names at least one problem"
            for d in exc.diagnostics:
                assert "\n" not in d.format() and "Traceback" not in d.message
            return
        assert isinstance(loaded, LoadedScenario)
        findings = lint(loaded, analysis=analyse(loaded.scenario, budget=BUDGET), budget=BUDGET)
        assert all(d.path == str(path) for d in findings)


@settings(derandomize=True, max_examples=400, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(anything)
def test_any_file_gives_a_scenario_or_a_scenario_error(data):
    with tempfile.TemporaryDirectory() as folder:
        _check(data, Path(folder))


@pytest.mark.parametrize("data", [
    b"!!int", b"format: 1\nid: !!int\n", b"a: !!bool maybe", b"a: !!timestamp soon", b"a: !!float", b"a: =",
    b"a: " + b"[" * 2000, b"a: 0x" + b"f" * 5000, b"\xff\xfe\x00", b"a: \x1b[31m", b"- !!set {a}\n",
], ids=lambda data: repr(data[:20]))
def test_known_crashers(tmp_path, data):
    """The inputs that crashed before (the reliability review's minimal ones among them)."""
    _check(data, tmp_path)
