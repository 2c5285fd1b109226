"""Babel extraction methods (see ``babel.cfg``): the messages of ``strings.py`` and the help of the command line.

Neither is written as ``_("…")`` calls: ``strings.py`` holds plain constants (so that adding a message stays a
one-line change) and click reads ``help=`` and docstrings. These extractors find them with the ``ast`` module.
"""

from __future__ import annotations

import ast
import inspect


def _strings_in(node: ast.AST):
    """The string constants of a value: itself, the items of a tuple or list, the values (not keys) of a dict."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.lineno, node.value
    elif isinstance(node, (ast.Tuple, ast.List)):
        for item in node.elts:
            yield from _strings_in(item)
    elif isinstance(node, ast.Dict):
        for item in node.values:
            yield from _strings_in(item)


def _assignments(body, owner: str):
    for stmt in body:
        if isinstance(stmt, ast.ClassDef):
            yield from _assignments(stmt.body, f"{stmt.name}.")
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if names and not names[0].startswith("_"):
                yield owner + names[0], stmt.value


def extract_strings(fileobj, keywords, comment_tags, options):
    """Every string constant assigned at the top of strings.py or in one of its classes (not in functions)."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for name, value in _assignments(tree.body, ""):
        for lineno, text in _strings_in(value):
            if text:
                # The attribute is the context: the same Japanese word may need two words in another language
                # (結末 is an ending in one place and an outcome in another; ・ a mark or a separator).
                yield lineno, "pgettext", (name, text), []


def _is_command(decorator: ast.AST) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name in ("command", "group")


def extract_click(fileobj, keywords, comment_tags, options):
    """The ``help=`` of every option and command, and the docstring of every click command (as click shows it)."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg in ("help", "short_help") and isinstance(kw.value, ast.Constant) \
                        and isinstance(kw.value.value, str):
                    yield kw.value.lineno, None, kw.value.value, [f"--help of {_describe(node)}"]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(map(_is_command, node.decorator_list)):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.body[0].lineno, None, inspect.cleandoc(doc), [f"--help of the command {node.name}"]


def _describe(call: ast.Call) -> str:
    names = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return " ".join(names) or "a command"
