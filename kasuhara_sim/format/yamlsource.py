"""Read an instructor's YAML file into plain Python data plus the position of every key and value.

PyYAML's ``safe_load`` silently keeps the last of two duplicate keys and expands aliases without limit; we compose
the node graph (libyaml when available) and construct the data ourselves so that both become errors with positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from kasuhara_sim.format.diagnostics import Diagnostic, ScenarioError, error
from kasuhara_sim.strings import YAML_PROBLEMS, Load

try:  # libyaml is several times faster; fall back to the pure-Python loader where it is missing.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
MAX_EXPANDED_NODES = 200_000
MAX_DEPTH = 50  # a scenario nests about 10 levels; far deeper is a damaged or hostile file
MAX_NUMBER_CHARS = 20  # longer numbers are never meant (and Python refuses to print ints over 4,300 digits)

Pos = tuple[int, int]
DataPath = tuple[Any, ...]

# Plain scalars are read as YAML 1.2 (core schema), as editors and yaml-language-server read them: ``yes``/``on`` are
# text, ``1:30`` and ``7_0`` are not numbers, there are no timestamps. Under YAML 1.1 these silently became True, 90,
# 70 and dates, so the editor and the tool disagreed about the same file.
_CORE = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
# C0 and C1 control characters (and DEL) other than tab and newline: an ESC in a title would reach the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    yaml_implicit_resolvers: dict = {}


def _core_resolvers() -> None:
    def add(tag: str, regexp: str, first: str) -> None:
        _Loader.add_implicit_resolver(_CORE + tag, re.compile(rf"^(?:{regexp})$"), list(first))

    _Loader.yaml_implicit_resolvers = {}
    add("bool", "|".join(_BOOL), "tTfF")
    add("int", _INT.pattern, "-+0123456789")
    add("float", _FLOAT.pattern, "-+0123456789.")
    add("null", "~|null|Null|NULL", "~nN")
    _Loader.add_implicit_resolver(_CORE + "null", re.compile(r"^$"), [""])  # the empty plain scalar
    add("merge", "<<", "<")


_core_resolvers()


@dataclass
class SourceMap:
    """1-based (line, col) of each value and each mapping key, addressed by the path of keys/indexes to it."""

    path: str
    values: dict[DataPath, Pos] = field(default_factory=dict)
    keys: dict[DataPath, Pos] = field(default_factory=dict)

    def value_pos(self, at: DataPath) -> Pos:
        # Walk up to the nearest ancestor that has a position (a missing key points at its parent mapping).
        at = tuple(at)
        while at and at not in self.values:
            at = at[:-1]
        return self.values.get(at, (1, 1))

    def key_pos(self, at: DataPath) -> Pos:
        return self.keys.get(tuple(at)) or self.value_pos(at)


@dataclass
class Document:
    path: str
    data: Any
    source: SourceMap
    sha256: str


def _mark(node) -> Pos:
    return node.start_mark.line + 1, node.start_mark.column + 1


def shown(text: str, limit: int = 30) -> str:
    """A value as quoted back in a message: one line, not too long."""
    text = _CONTROL.sub("?", str(text).replace("\n", "⏎"))
    return text if len(text) <= limit else text[:limit] + "…"


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.source = SourceMap(path)
        self.count = 0
        self.distinct: set[int] = set()
        self.active: set[int] = set()
        self.errors: list[Diagnostic] = []
        self._scalar = SafeConstructor()

    def fail(self, node, message: str, code: str, offset: int = 0) -> None:
        line, col = _mark(node)
        raise ScenarioError([error(self.path, line, col + offset, message, code)])

    def scalar(self, node: ScalarNode) -> Any:
        """One scalar as YAML 1.2 reads it; a value its tag cannot take is an error at the value, in Japanese."""
        tag, raw = node.tag, node.value
        if tag == _CORE + "str":
            value: Any = raw
        elif tag == _CORE + "int":
            if not _INT.fullmatch(raw):
                self.fail(node, Load.bad_tagged.format(value=shown(raw), what="整数"), "type")
            if len(raw) > MAX_NUMBER_CHARS:
                self.fail(node, Load.number_too_long.format(value=shown(raw)), "range")
            body = raw.lstrip("+-")
            sign = -1 if raw.startswith("-") else 1
            base = 16 if body.startswith("0x") else 8 if body.startswith("0o") else 10
            value = sign * int(body[2:] if base != 10 else body, base)
        elif tag == _CORE + "float":
            if not _FLOAT.fullmatch(raw):
                self.fail(node, Load.bad_tagged.format(value=shown(raw), what="数"), "type")
            if len(raw) > MAX_NUMBER_CHARS:
                self.fail(node, Load.number_too_long.format(value=shown(raw)), "range")
            low = raw.lower()
            value = float("nan") if low == ".nan" else float(low.replace(".inf", "inf"))
        elif tag == _CORE + "bool":
            if raw not in _BOOL:
                self.fail(node, Load.want_bool, "type")
            value = _BOOL[raw]
        elif tag == _CORE + "null":
            if raw not in _NULL:
                self.fail(node, Load.bad_tagged.format(value=shown(raw), what="null"), "type")
            value = None
        elif tag in (_CORE + "timestamp", _CORE + "binary"):
            try:
                value = self._scalar.construct_object(node, deep=True)
            except Exception:  # PyYAML raises ValueError, IndexError, KeyError… for a bad explicit value
                what = "日付" if tag.endswith("timestamp") else "バイナリ"
                self.fail(node, Load.bad_tagged.format(value=shown(raw), what=what), "type")
        else:
            self.fail(node, Load.unknown_tag.format(tag=shown(_tag_name(tag), 60)), "tag")
        if isinstance(value, str):
            bad = _CONTROL.search(value)
            if bad:
                # In a plain or single-line scalar the character's own column is known; else point at the value.
                offset = bad.start() if node.style is None and "\n" not in raw else 0
                self.fail(node, Load.control_character.format(code=f"U+{ord(bad.group()):04X}"), "control-character",
                          offset)
        return value

    def build(self, node, at: DataPath, depth: int = 0) -> Any:
        self.count += 1
        self.distinct.add(id(node))
        if self.count > MAX_EXPANDED_NODES:
            if len(self.distinct) == self.count:  # no alias was expanded: the file is simply that long
                self.fail(node, Load.too_many_values.format(limit=MAX_EXPANDED_NODES), "too-many-values")
            self.fail(node, Load.alias_expansion.format(limit=MAX_EXPANDED_NODES), "alias-expansion")
        if depth > MAX_DEPTH:
            self.fail(node, Load.nesting.format(limit=MAX_DEPTH), "nesting")
        if id(node) in self.active:
            self.fail(node, Load.alias_recursive, "alias-recursive")
        self.source.values.setdefault(at, _mark(node))
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode) and node.tag != _CORE + "seq" or (
                isinstance(node, MappingNode) and node.tag != _CORE + "map"):
            # !!set, !!omap, !!python/tuple…: PyYAML would build something else or nothing; say so.
            self.fail(node, Load.unknown_tag.format(tag=shown(_tag_name(node.tag), 60)), "tag")
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(child, at + (i,), depth + 1) for i, child in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self.mapping(node, at, depth)
        finally:
            self.active.discard(id(node))
        self.fail(node, Load.generic.format(detail=type(node).__name__), "type")  # pragma: no cover

    def mapping(self, node: MappingNode, at: DataPath, depth: int) -> dict:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        merges = []
        for key_node, value_node in node.value:
            if key_node.tag == _CORE + "merge":
                merges.append(value_node)
                continue
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, Load.nonscalar_key, "type")
            key = self.scalar(key_node)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = str(key)
            if isinstance(key, str) and key.startswith("\u3000"):
                self.fail(key_node, Load.full_width_indent, "full-width")
            if key in result:
                line, col = _mark(key_node)
                self.errors.append(
                    error(self.path, line, col,
                          Load.duplicate_key.format(key=shown(key_node.value), first=first_line[key]), "duplicate-key")
                )
                continue
            first_line[key] = _mark(key_node)[0]
            self.source.keys[at + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, at + (key,), depth + 1)
        # Merge keys (<<: *base) as editors apply them: keys written here win over merged ones, earlier merges win.
        for value_node in merges:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                if not isinstance(source, MappingNode):
                    self.fail(source, Load.merge_not_mapping, "merge-key")
                merged = self.build(source, at + ("<<",), depth + 1)
                for key, value in merged.items():
                    if key not in result:
                        result[key] = value
                        self.source.keys.setdefault(at + (key,), self.source.keys.get(at + ("<<", key), _mark(source)))
                        self._copy_positions(at + ("<<", key), at + (key,))
        return result

    def _copy_positions(self, old: DataPath, new: DataPath) -> None:
        """Positions of a merged value are where it is written (under the anchor)."""
        n = len(old)
        for table in (self.source.values, self.source.keys):
            for path in [p for p in table if p[:n] == old]:
                table.setdefault(new + path[n:], table[path])


def size_text(size: int) -> str:
    """A file size as an instructor reads it (KB below 1 MB, else MB with one decimal)."""
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"


def path_problem(where: str, exc: OSError) -> Diagnostic:
    """An OS error on a path as one line; a name longer than the system allows is named as such."""
    import errno

    if exc.errno == errno.ENAMETOOLONG:
        return error(where, 1, 1, Load.name_too_long, "name-too-long")
    return error(where, 1, 1, Load.unreadable.format(reason=exc.strerror or exc), "unreadable")


def read_text(path: Path) -> tuple[str, str]:
    """Return (text, sha256) of an instructor file, or raise ScenarioError with one clear line."""
    import hashlib

    where = str(path)
    too_large = Load.too_large.format(limit=size_text(MAX_FILE_BYTES), size="{size}")
    try:
        if not path.exists():
            raise ScenarioError([error(where, 1, 1, Load.not_found, "not-found")])
        if not path.is_file():
            raise ScenarioError([error(where, 1, 1, Load.not_a_file, "not-a-file")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError([error(where, 1, 1, too_large.format(size=size_text(size)), "too-large")])
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError([path_problem(where, exc)]) from None
    if len(raw) > MAX_FILE_BYTES:  # the file grew between stat and read
        raise ScenarioError([error(where, 1, 1, too_large.format(size=size_text(len(raw))), "too-large")])
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        guess = ""
        try:
            raw.decode("cp932")
            guess = Load.not_utf8_guess
        except UnicodeDecodeError:
            pass
        raise ScenarioError([error(where, line, col, Load.not_utf8.format(guess=guess), "encoding")]) from None
    return text, digest


def _pos_of(text: str, index: int) -> Pos:
    before = text[:index]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _syntax(text: str, exc: yaml.MarkedYAMLError) -> tuple[Pos, str, str]:
    """Where a YAML syntax error really is, and a Japanese message for it (PyYAML's English stays out)."""
    mark = exc.problem_mark or exc.context_mark
    pos = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem, context = exc.problem or exc.context or "", exc.context or ""
    lines = text.split("\n")
    near = range(max(0, pos[0] - 3), min(len(lines), pos[0]))
    if exc.context_mark is not None:
        near = range(min(exc.context_mark.line, near.start), near.stop)
    # Typing slips of a Japanese input method, which YAML reports one line late or as something else.
    for i in near:
        line = lines[i]
        indent = len(line) - len(line.lstrip(" \u3000"))
        if "\u3000" in line[:indent]:
            return (i + 1, line.index("\u3000") + 1), Load.full_width_indent, "full-width"
        stripped = line.lstrip(" -")
        colon = stripped.find("\uff1a")
        if colon > 0 and ": " not in stripped[:colon] and all(c.isalnum() or c == "_" for c in stripped[:colon]):
            return (i + 1, len(line) - len(stripped) + colon + 1), Load.full_width_colon, "full-width"
    if mark is not None and mark.line < len(lines) and lines[mark.line][mark.column: mark.column + 1] == "\t":
        return pos, YAML_PROBLEMS["tab character"], "yaml-syntax"
    if "unexpected end of stream" in problem and "quoted scalar" in context and exc.context_mark is not None:
        # PyYAML reports the end of the file; the mistake is the quote that never closes.
        return (exc.context_mark.line + 1, exc.context_mark.column + 1), Load.unclosed_quote, "yaml-syntax"
    if "mapping values are not allowed" in problem and mark is not None:
        before = lines[mark.line][: mark.column] if mark.line < len(lines) else ""
        body = before.lstrip(" ")
        if body.startswith("- "):
            body = body[2:].lstrip(" ")
        if body and ":" not in body and " " not in body:
            # The colon after the first word: a key on a line indented differently from the lines around it.
            return (pos[0], len(before) - len(before.lstrip(" ")) + 1), Load.indent_mismatch, "yaml-syntax"
    message = next((msg for key, msg in YAML_PROBLEMS.items() if key in problem), None)
    if message is None:
        message = Load.yaml_syntax_unknown.format(problem=shown(problem, 60))
    return pos, message, "yaml-syntax"


def parse_document(text: str, path: str, sha256: str = "") -> Document:
    """Parse YAML text into data and a SourceMap; every problem becomes a ScenarioError."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "maximum nesting depth" in str(exc):
            raise ScenarioError([error(path, line, col, Load.nesting.format(limit=MAX_DEPTH), "nesting")]) from None
        if "expected a single document" in str(exc):
            raise ScenarioError([error(path, line, col, Load.multiple_documents, "multiple-documents")]) from None
        (line, col), message, code = _syntax(text, exc)
        raise ScenarioError([error(path, line, col, message, code)]) from None
    except yaml.reader.ReaderError as exc:  # a control character or an unreadable byte in the text itself
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character  # libyaml gives a code
        # libyaml counts the position in bytes; the first such character in the text is the one it stopped at.
        index = text.find(char) if isinstance(char, str) and char in text else exc.position
        line, col = _pos_of(text, index)
        what = f"U+{ord(char):04X}" if isinstance(char, str) and len(char) == 1 else "?"
        raise ScenarioError([error(path, line, col, Load.control_character.format(code=what),
                                   "control-character")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every other PyYAML error is a marked one
        raise ScenarioError([error(path, 1, 1, Load.yaml_syntax_unknown.format(problem=shown(exc, 60)),
                                   "yaml-syntax")]) from None
    except RecursionError:  # libyaml nests thousands of levels before it gives up
        raise ScenarioError([error(path, 1, 1, Load.nesting.format(limit=MAX_DEPTH), "nesting")]) from None
    if root is None:
        raise ScenarioError([error(path, 1, 1, Load.empty, "not-mapping")])
    builder = _Builder(path)
    try:
        data = builder.build(root, ())
    except RecursionError:
        raise ScenarioError([error(path, *_mark(root), Load.nesting.format(limit=MAX_DEPTH), "nesting")]) from None
    if builder.errors:
        raise ScenarioError(builder.errors)
    if not isinstance(data, dict):
        raise ScenarioError([error(path, *_mark(root), Load.not_mapping, "not-mapping")])
    return Document(path, data, builder.source, sha256)


def read_document(path: Path | str) -> Document:
    path = Path(path)
    text, digest = read_text(path)
    return parse_document(text, str(path), digest)
