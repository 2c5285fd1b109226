"""Read an instructor's YAML file into plain Python data plus the position of every key and value.

PyYAML's ``safe_load`` silently keeps the last of two duplicate keys and expands aliases without limit; we compose
the node graph (libyaml when available) and construct the data ourselves so that both become errors with positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from kasuhara_sim.format.diagnostics import Diagnostic, ScenarioError, error
from kasuhara_sim.strings import YAML_HINTS, Load

try:  # libyaml is several times faster; fall back to the pure-Python loader where it is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
MAX_EXPANDED_NODES = 200_000

Pos = tuple[int, int]
DataPath = tuple[Any, ...]


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


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.source = SourceMap(path)
        self.count = 0
        self.active: set[int] = set()
        self.errors: list[Diagnostic] = []
        self._scalar = SafeConstructor()

    def fail(self, node, message: str, code: str) -> None:
        line, col = _mark(node)
        raise ScenarioError([error(self.path, line, col, message, code)])

    def build(self, node, at: DataPath) -> Any:
        self.count += 1
        if self.count > MAX_EXPANDED_NODES:
            self.fail(node, Load.alias_expansion.format(limit=MAX_EXPANDED_NODES), "alias-expansion")
        if id(node) in self.active:
            self.fail(node, Load.alias_recursive, "alias-recursive")
        self.source.values.setdefault(at, _mark(node))
        if isinstance(node, ScalarNode):
            return self._scalar.construct_object(node, deep=True)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(child, at + (i,)) for i, child in enumerate(node.value)]
            if isinstance(node, MappingNode):
                result: dict[Any, Any] = {}
                first_line: dict[Any, int] = {}
                for key_node, value_node in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        self.fail(key_node, Load.merge_key, "merge-key")
                    if not isinstance(key_node, ScalarNode):
                        self.fail(key_node, Load.nonscalar_key, "type")
                    key = self._scalar.construct_object(key_node, deep=True)
                    if not isinstance(key, (str, int, float, bool)) and key is not None:
                        key = str(key)
                    if key in result:
                        line, col = _mark(key_node)
                        self.errors.append(
                            error(self.path, line, col,
                                  Load.duplicate_key.format(key=key, first=first_line[key]), "duplicate-key")
                        )
                        continue
                    first_line[key] = _mark(key_node)[0]
                    self.source.keys[at + (key,)] = _mark(key_node)
                    result[key] = self.build(value_node, at + (key,))
                return result
        finally:
            self.active.discard(id(node))
        self.fail(node, Load.generic.format(detail=type(node).__name__), "type")  # pragma: no cover


def read_text(path: Path) -> tuple[str, str]:
    """Return (text, sha256) of an instructor file, or raise ScenarioError with one clear line."""
    import hashlib

    shown = str(path)
    if not path.exists():
        raise ScenarioError([error(shown, 1, 1, Load.not_found, "not-found")])
    if not path.is_file():
        raise ScenarioError([error(shown, 1, 1, Load.not_a_file, "not-a-file")])
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError([error(shown, 1, 1, Load.too_large.format(size=size, limit=MAX_FILE_BYTES), "too-large")])
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError([error(shown, 1, 1, Load.unreadable.format(reason=exc.strerror or exc), "unreadable")]) from None
    if len(raw) > MAX_FILE_BYTES:  # the file grew between stat and read
        raise ScenarioError([error(shown, 1, 1, Load.too_large.format(size=len(raw), limit=MAX_FILE_BYTES), "too-large")])
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
        raise ScenarioError([error(shown, line, col, Load.not_utf8.format(guess=guess), "encoding")]) from None
    return text, digest


def parse_document(text: str, path: str, sha256: str = "") -> Document:
    """Parse YAML text into data and a SourceMap; every problem becomes a ScenarioError."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "?"
        if "expected a single document" in str(exc):
            raise ScenarioError([error(path, line, col, Load.multiple_documents, "multiple-documents")]) from None
        hint = next((h for key, h in YAML_HINTS.items() if key in problem), "")
        raise ScenarioError([error(path, line, col, Load.yaml_syntax.format(problem=problem, hint=hint), "yaml-syntax")]) from None
    except yaml.YAMLError as exc:  # reader errors (e.g. control characters) carry a position of their own
        line = getattr(exc, "line", None)
        pos = (1, 1)
        if hasattr(exc, "position"):
            before = text[: exc.position]
            pos = (before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        elif line is not None:
            pos = (line + 1, 1)
        raise ScenarioError([error(path, pos[0], pos[1], Load.yaml_syntax.format(problem=str(exc).splitlines()[0], hint=""), "yaml-syntax")]) from None
    if root is None:
        raise ScenarioError([error(path, 1, 1, Load.empty, "not-mapping")])
    builder = _Builder(path)
    try:
        data = builder.build(root, ())
    except RecursionError:
        raise ScenarioError([error(path, *_mark(root), Load.alias_expansion.format(limit=MAX_EXPANDED_NODES), "alias-expansion")]) from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # a scalar the safe constructor rejects (bad timestamp, …)
        raise ScenarioError([error(path, *_mark(root), Load.generic.format(detail=exc), "yaml-syntax")]) from None
    if builder.errors:
        raise ScenarioError(builder.errors)
    if not isinstance(data, dict):
        raise ScenarioError([error(path, *_mark(root), Load.not_mapping, "not-mapping")])
    return Document(path, data, builder.source, sha256)


def read_document(path: Path | str) -> Document:
    path = Path(path)
    text, digest = read_text(path)
    return parse_document(text, str(path), digest)
