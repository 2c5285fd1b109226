"""Problems found in instructor-written files, reported as ``PATH:LINE:COL: severity: message [code]``."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str  # "error" | "warning"
    message: str
    code: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"

    def to_dict(self) -> dict:
        return asdict(self)


class ScenarioError(Exception):
    """Raised when a file cannot be loaded; carries every problem found, each with a position."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.path, d.line, d.col))
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def error(path: str, line: int, col: int, message: str, code: str) -> Diagnostic:
    return Diagnostic(str(path), line, col, "error", message, code)


def warning(path: str, line: int, col: int, message: str, code: str) -> Diagnostic:
    return Diagnostic(str(path), line, col, "warning", message, code)
