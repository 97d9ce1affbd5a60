"""Problems found in a user's files, and how they are shown.

Every mistake a person can make in a plan or group file becomes a ``Problem`` that names the
file, line and column, says what is wrong and what to do. They are collected, never raised one
at a time, so one run reports every problem in every file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Mark:
    """A position in a file, counted from 1 as editors show it."""

    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in one file."""

    file: Path
    mark: Mark | None
    message: str
    hint: str | None = None
    severity: Severity = "error"

    def format(self, relative_to: Path | None = None) -> str:
        """``file:line:col: error: message`` followed by the hint on its own line."""
        where = display_path(self.file, relative_to)
        if self.mark is not None:
            where = f"{where}:{self.mark.line}:{self.mark.column}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    {self.hint}"
        return text

    def sort_key(self) -> tuple[str, int, int]:
        """Problems are listed by file, then line, then column."""
        mark = self.mark or Mark(0, 0)
        return (str(self.file), mark.line, mark.column)


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """A path as short as it can be while still findable: relative to the folder we ran in
    when it lies below it, else as given."""
    if not path.is_absolute():
        return str(path)
    try:
        relative = os.path.relpath(path, relative_to or Path.cwd())
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


@dataclass
class Report:
    """The problems of one run, in the order they are shown."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        """Every problem once, sorted by file and position."""
        unique = list(dict.fromkeys(self.problems))
        return sorted(unique, key=Problem.sort_key)


def excerpt(text: str, limit: int = 40) -> str:
    """At most ``limit`` characters of a user's text: enough to find it, too little to leak."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InputError(Exception):
    """The user's files have errors; the command reports them and exits with status 1."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.errors)} error(s)")
        self.report = report
