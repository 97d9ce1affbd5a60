"""The resolved plan: everything a renderer needs, and nothing it must look up elsewhere.

The customize stage turns the validated course (and, later, a group file) into one ``Plan``.
Renderers receive a ``Plan`` and one ``SessionEntry`` and return the bytes of a file; they never
read YAML, never look at the command line and never write to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from toolkit.model import Course, Image, Session

Paper = Literal["letter", "a4"]


@dataclass(frozen=True)
class PrintSettings:
    """How the PDFs are laid out on paper."""

    paper: Paper = "letter"
    large_print: bool = False


@dataclass(frozen=True)
class SessionEntry:
    """One session as it takes part in a build: the plan plus where it came from."""

    session: Session
    slug: str
    """The plan's file name without ``.yaml``, e.g. ``week-01-strong-but-at-what-cost``."""
    source: Path
    """The plan file, for messages."""

    @property
    def label(self) -> str:
        """A short label such as ``Week 1``."""
        return f"Week {self.session.week}"


@dataclass(frozen=True)
class Plan:
    """One resolved course, ready to render."""

    course: Course
    sessions: tuple[SessionEntry, ...]
    root: Path
    """The course folder (``sessions/``); image paths in plans are relative to it."""
    group_slug: str = "default"
    """Name of the output folder for this build."""
    print: PrintSettings = field(default_factory=PrintSettings)
    document_date: str = "2026-01-01"
    """Fixed date stored in document metadata, so two builds are byte-identical."""

    def image_path(self, image: Image) -> Path:
        """Where an image of a plan lives on disk (already checked to exist inside the root)."""
        return (self.root / image.file).resolve()
