"""Strict readers for the two diagram syntaxes we write, used to check ``kasuhara-sim graph`` output.

No Graphviz or Mermaid is installed here, so these follow the published grammars closely enough to fail on anything
those tools would reject in what we emit:

* DOT: the grammar of https://graphviz.org/doc/info/lang.html (graph, stmt_list, node/edge/attr statements, IDs as
  names, numerals, double-quoted strings with ``\\"`` escapes and ``+`` concatenation, HTML strings, comments).
* Mermaid ``stateDiagram-v2``: the lexer rules of mermaid's ``stateDiagram.jison`` for the statements we use (front
  matter, direction, classDef, ``state "…" as id``, class, transitions with a description). A description ends at
  ``:``, ``;`` or a line break; ``%%`` starts a comment anywhere; a line mentioning ``direction LR`` is swallowed by
  the direction rule. Any other line is rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml


class SyntaxProblem(AssertionError):
    pass


# --- DOT ------------------------------------------------------------------------------------------------------
_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}
_NAME = re.compile(r"[A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*")
_NUMERAL = re.compile(r"-?(\.[0-9]+|[0-9]+(\.[0-9]*)?)")


@dataclass
class Dot:
    directed: bool
    name: str | None
    graph_attrs: dict = field(default_factory=dict)
    defaults: dict = field(default_factory=lambda: {"node": {}, "edge": {}})
    nodes: dict = field(default_factory=dict)  # id -> attrs
    edges: list = field(default_factory=list)  # (tail, head, attrs)


def _dot_tokens(text: str):
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if c == "\n":
            line_start = True
            i += 1
            continue
        if c in " \t\r":
            i += 1
            continue
        if line_start and c == "#":  # preprocessor-style line
            i = text.find("\n", i) if "\n" in text[i:] else n
            continue
        line_start = False
        if text.startswith("//", i):
            i = text.find("\n", i) if "\n" in text[i:] else n
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise SyntaxProblem("unterminated comment")
            i = end + 2
            continue
        if text.startswith("->", i) or text.startswith("--", i):
            yield ("edgeop", text[i:i + 2])
            i += 2
            continue
        if c in "{}[]=;,:+":
            yield (c, c)
            i += 1
            continue
        if c == '"':
            j, buf = i + 1, []
            while True:
                if j >= n:
                    raise SyntaxProblem("unterminated string")
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j:j + 2])
                    j += 2
                    continue
                if text[j] == '"':
                    break
                buf.append(text[j])
                j += 1
            yield ("string", "".join(buf))
            i = j + 1
            continue
        if c == "<":
            depth, j = 0, i
            while j < n:
                depth += {"<": 1, ">": -1}.get(text[j], 0)
                j += 1
                if depth == 0:
                    break
            if depth:
                raise SyntaxProblem("unterminated HTML string")
            yield ("html", text[i + 1:j - 1])
            i = j
            continue
        m = _NUMERAL.match(text, i) if (c.isdigit() or c in ".-") else None
        if m:
            yield ("id", m.group())
            i = m.end()
            continue
        m = _NAME.match(text, i)
        if m:
            word = m.group()
            yield ("kw", word.lower()) if word.lower() in _KEYWORDS else ("id", word)
            i = m.end()
            continue
        raise SyntaxProblem(f"unexpected character {c!r} at {i}")


def unescape_dot(raw: str) -> str:
    """A quoted string's value as Graphviz shows it in a label: ``\\\\`` → ``\\``, ``\\"`` → ``"``, ``\\n`` → line break."""
    out, i = [], 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1]
            out.append({"n": "\n", "\\": "\\", '"': '"', "l": "\n", "r": "\n"}.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return "".join(out)


class _DotParser:
    def __init__(self, text: str):
        self.toks = list(_dot_tokens(text))
        self.k = 0

    def peek(self, offset=0):
        j = self.k + offset
        return self.toks[j] if j < len(self.toks) else ("eof", None)

    def take(self, kind=None, value=None):
        tok = self.peek()
        if (kind and tok[0] != kind) or (value is not None and tok[1] != value):
            raise SyntaxProblem(f"expected {kind or ''} {value or ''}, got {tok}")
        self.k += 1
        return tok

    def ident(self) -> str:
        kind, value = self.peek()
        if kind == "id":
            self.k += 1
            return value
        if kind == "string":
            self.k += 1
            parts = [unescape_dot(value)]
            while self.peek()[0] == "+":
                self.k += 1
                parts.append(unescape_dot(self.take("string")[1]))
            return "".join(parts)
        if kind == "html":
            self.k += 1
            return value
        raise SyntaxProblem(f"expected an ID, got {self.peek()}")

    def parse(self) -> Dot:
        if self.peek() == ("kw", "strict"):
            self.k += 1
        kind = self.take("kw")[1]
        if kind not in ("graph", "digraph"):
            raise SyntaxProblem(f"expected graph or digraph, got {kind}")
        g = Dot(directed=kind == "digraph", name=None)
        if self.peek()[0] in ("id", "string", "html"):
            g.name = self.ident()
        self.take("{")
        self.stmt_list(g)
        self.take("}")
        if self.peek()[0] != "eof":
            raise SyntaxProblem(f"text after the graph: {self.peek()}")
        return g

    def stmt_list(self, g: Dot) -> None:
        while self.peek()[0] != "}":
            self.stmt(g)
            if self.peek()[0] == ";":
                self.k += 1

    def attr_list(self) -> dict:
        attrs: dict = {}
        while self.peek()[0] == "[":
            self.k += 1
            while self.peek()[0] != "]":
                key = self.ident()
                self.take("=")
                attrs[key] = self.ident()
                if self.peek()[0] in (";", ","):
                    self.k += 1
            self.take("]")
        return attrs

    def node_id(self) -> str:
        name = self.ident()
        if self.peek()[0] == ":":  # port
            self.k += 1
            self.ident()
            if self.peek()[0] == ":":
                self.k += 1
                self.ident()
        return name

    def stmt(self, g: Dot) -> None:
        kind, value = self.peek()
        if kind == "kw" and value in ("graph", "node", "edge"):
            self.k += 1
            attrs = self.attr_list()
            if value == "graph":
                g.graph_attrs.update(attrs)
            else:
                g.defaults[value].update(attrs)
            return
        if kind == "kw" and value == "subgraph" or kind == "{":
            raise SyntaxProblem("subgraphs are not expected in our output")
        if self.peek(1)[0] == "=":
            key = self.ident()
            self.take("=")
            g.graph_attrs[key] = self.ident()
            return
        tail = self.node_id()
        if self.peek()[0] == "edgeop":
            chain = [tail]
            while self.peek()[0] == "edgeop":
                op = self.take("edgeop")[1]
                if op != ("->" if g.directed else "--"):
                    raise SyntaxProblem(f"edge operator {op} in a {'digraph' if g.directed else 'graph'}")
                chain.append(self.node_id())
            attrs = self.attr_list()
            for a, b in zip(chain, chain[1:]):
                g.nodes.setdefault(a, {})
                g.nodes.setdefault(b, {})
                g.edges.append((a, b, attrs))
            return
        g.nodes.setdefault(tail, {}).update(self.attr_list())


def parse_dot(text: str) -> Dot:
    return _DotParser(text).parse()


# --- Mermaid stateDiagram-v2 ----------------------------------------------------------------------------------
@dataclass
class StateDiagram:
    title: str | None
    direction: str | None
    class_defs: dict = field(default_factory=dict)  # name -> {prop: value}
    states: dict = field(default_factory=dict)  # id -> description
    classes: dict = field(default_factory=dict)  # id -> class name
    edges: list = field(default_factory=list)  # (source, target, description or None); [*] for start/end


_ID = r"[A-Za-z0-9_]+"
_RESERVED = ("state", "note", "class", "classdef", "direction", "default", "scale", "hide", "end", "style",
             "click", "acctitle", "accdescr")


def _check_id(name: str) -> str:
    if not re.fullmatch(_ID, name):
        raise SyntaxProblem(f"state id {name!r}")
    if name.lower().startswith(_RESERVED):
        raise SyntaxProblem(f"state id {name!r} starts with a keyword")
    return name


def parse_state_diagram(text: str) -> StateDiagram:
    lines = text.split("\n")
    title = None
    k = 0
    if lines and lines[0].strip() == "---":
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), None)
        if end is None:
            raise SyntaxProblem("front matter not closed")
        meta = yaml.safe_load("\n".join(lines[1:end]))
        if not isinstance(meta, dict):
            raise SyntaxProblem("front matter is not a mapping")
        title = meta.get("title")
        k = end + 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    if k >= len(lines) or lines[k].strip() != "stateDiagram-v2":
        raise SyntaxProblem("missing stateDiagram-v2")
    d = StateDiagram(title=title, direction=None)
    for raw in lines[k + 1:]:
        line = raw.strip()
        if not line:
            continue
        if "%%" in line:
            raise SyntaxProblem(f"%% would start a comment: {line}")
        m = re.fullmatch(r"direction\s+(TB|BT|LR|RL)", line)
        if m:
            d.direction = m.group(1)
            continue
        if re.search(r"direction\s+(TB|BT|LR|RL)", line, re.I):
            raise SyntaxProblem(f"the direction rule would swallow this line: {line}")
        m = re.fullmatch(r"classDef\s+(\w+)\s+(\S.*)", line)
        if m:
            props = dict(p.split(":", 1) for p in m.group(2).split(","))
            d.class_defs[m.group(1)] = props
            continue
        m = re.fullmatch(r'state\s+"([^"]*)"\s+as\s+(\S+)', line)
        if m:
            name = _check_id(m.group(2))
            if name in d.states:
                raise SyntaxProblem(f"state {name} declared twice")
            d.states[name] = m.group(1)
            continue
        m = re.fullmatch(r"class\s+(\w+(?:\s*,\s*\w+)*)\s+(\w+)", line, re.I)
        if m:
            for name in re.split(r"\s*,\s*", m.group(1)):
                d.classes[name] = m.group(2)
            continue
        m = re.fullmatch(r"(\[\*\]|\S+)\s+-->\s+(\[\*\]|[^:\s]+)(?:\s*:(.*))?", line)
        if m:
            src, dst, descr = m.group(1), m.group(2), m.group(3)
            for name in (src, dst):
                if name != "[*]":
                    _check_id(name)
            if descr is not None:
                if not re.fullmatch(r"[^:\n;]+", descr) or not descr.strip():
                    raise SyntaxProblem(f"transition description would be cut: {line}")
                if "#" in descr:
                    raise SyntaxProblem(f"# in a description is read as an entity: {line}")
                descr = descr.strip()
            d.edges.append((src, dst, descr))
            continue
        raise SyntaxProblem(f"not a stateDiagram-v2 statement we know: {line}")
    for name, cls in d.classes.items():
        if name not in d.states:
            raise SyntaxProblem(f"class on undeclared state {name}")
        if cls not in d.class_defs:
            raise SyntaxProblem(f"class {cls} is not defined")
    for src, dst, _ in d.edges:
        for name in (src, dst):
            if name != "[*]" and name not in d.states:
                raise SyntaxProblem(f"edge to undeclared state {name}")
    return d
