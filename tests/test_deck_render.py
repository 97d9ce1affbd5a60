"""The shipped decks as LibreOffice draws them: every slide rendered, nothing off the page, in
the footer band or past the margins.

python-pptx never draws anything, so the other deck tests check what was measured. This one
renders every deck of the default course to PDF with LibreOffice (headless) and reads back where
each run of text landed, so a difference between our measuring and a real renderer shows up
here. Without LibreOffice the test is skipped with a reason, except in CI (CI=true), where it
fails: CI installs LibreOffice (see .ci/run).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import tool_missing
from pptx import Presentation
from pypdf import PdfReader

from toolkit import textfit
from toolkit.checked import check
from toolkit.plan import Plan
from toolkit.render.content import clean
from toolkit.render.deck.layout import FOOTER_TOP, MARGIN, SLIDE_H, SLIDE_W
from toolkit.render.deck.slides import render_deck

SESSIONS = Path(__file__).parent.parent / "sessions"
TIMEOUT = 120
"""Seconds for LibreOffice to convert every deck (one call for all of them)."""
TOLERANCE = 1.5
"""Points of slack for the renderer's rounding."""
ASCENT, DESCENT = 0.905, 0.212
"""Arial's (and Liberation Sans's) ascent and descent, as fractions of the type size."""
METRIC_FONTS = ("LiberationSans", "Arial", "Arimo")
"""Fonts with Arial's widths, which the decks were measured with."""
RULE_TOP = FOOTER_TOP - 4
"""The footer's rule: body text stays above it."""


def unavailable(reason: str) -> None:
    """Skip with a visible reason; in CI fail, unless LibreOffice could not be installed."""
    tool_missing("libreoffice", reason)


@dataclass(frozen=True)
class Run:
    """A run of text as the PDF draws it, in points from the slide's top left."""

    text: str
    left: float
    baseline: float
    size: float
    bold: bool
    font: str

    @property
    def right(self) -> float:
        width = textfit.text_width(self.text.rstrip(), self.size, self.bold)
        return self.left + width / textfit.WIDTH_SLACK

    @property
    def top(self) -> float:
        return self.baseline - ASCENT * self.size

    @property
    def bottom(self) -> float:
        return self.baseline + DESCENT * self.size


@dataclass(frozen=True)
class Rendered:
    slug: str
    slides: int
    footers: tuple[str, ...]
    """What footers may say: the course (or group) and the week and session."""
    pages: list[list[Run]]


def runs_of(page: object) -> list[Run]:
    found: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict[str, object] | None,
              size: float) -> None:
        if not text.strip():
            return
        x = cm[4] + tm[4] * cm[0]
        y = cm[5] + tm[5] * cm[3]
        name = str(font.get("/BaseFont", "")) if font else ""
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * cm[0]
        found.append(Run(text, x, SLIDE_H - y, size * scale, "Bold" in name,
                         name.split("+")[-1]))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        unavailable("LibreOffice (soffice) is not installed, so the decks cannot be rendered")
    assert soffice is not None
    folder = tmp_path_factory.mktemp("decks")
    plan: Plan = check(SESSIONS).plans[0]
    decks: dict[str, tuple[Path, int, tuple[str, ...]]] = {}
    for entry in plan.sessions:
        data = render_deck(plan, entry)
        path = folder / f"{entry.slug}.pptx"
        path.write_bytes(data)
        footers = (clean(plan.header), f"{entry.label} · {clean(entry.session.title)}")
        decks[entry.slug] = (path, len(Presentation(io.BytesIO(data)).slides), footers)
    # A profile of its own: a LibreOffice already running would otherwise take the job and
    # ignore --outdir.
    profile = (folder / "profile").as_uri()
    command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
               "--outdir", str(folder), *(str(path) for path, _, _ in decks.values())]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"LibreOffice took more than {TIMEOUT} s to convert the decks")
    result = {}
    for slug, (path, slides, footers) in decks.items():
        pdf = path.with_suffix(".pdf")
        assert pdf.exists(), f"LibreOffice made no PDF of {slug}: {done.stdout}{done.stderr}"
        reader = PdfReader(pdf)
        for page in reader.pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
                (SLIDE_W, SLIDE_H), abs=0.1)
        result[slug] = Rendered(slug, slides, footers, [runs_of(page) for page in reader.pages])
    fonts = {run.font for deck in result.values() for page in deck.pages for run in page}
    odd = {font for font in fonts if not font.startswith(METRIC_FONTS)}
    if odd:
        unavailable(f"LibreOffice drew the decks in {sorted(odd)}, not a font with Arial's "
                    "widths: install fonts-liberation2")
    return result


SLUGS = [entry.slug for entry in check(SESSIONS).plans[0].sessions]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_slide_is_rendered(rendered: dict[str, Rendered], slug: str) -> None:
    deck = rendered[slug]
    assert len(deck.pages) == deck.slides
    assert all(deck.pages), "every slide has text, at least its title"


@pytest.mark.parametrize("slug", SLUGS)
def test_text_stays_on_the_slide_and_inside_the_margins(rendered: dict[str, Rendered],
                                                        slug: str) -> None:
    for number, page in enumerate(rendered[slug].pages, start=1):
        for run in page:
            where = (slug, number, run.text)
            assert run.top >= -TOLERANCE and run.bottom <= SLIDE_H + TOLERANCE, where
            assert run.left >= MARGIN - TOLERANCE, (*where, run.left)
            assert run.right <= SLIDE_W - MARGIN + TOLERANCE, (*where, run.right)


@pytest.mark.parametrize("slug", SLUGS)
def test_body_text_keeps_out_of_the_footer(rendered: dict[str, Rendered], slug: str) -> None:
    deck = rendered[slug]
    for number, page in enumerate(deck.pages[1:], start=2):  # the title slide has no footer
        footer_text = " ".join((*deck.footers, str(number)))
        in_band = [run for run in page if run.baseline >= FOOTER_TOP]
        assert any(run.text.strip() == str(number) for run in in_band), (slug, number)
        for run in in_band:
            assert run.text.strip().rstrip("…") in footer_text, (slug, number, run.text)
            assert run.size < 14, (slug, number, run.text, run.size)
        for run in page:
            if run not in in_band:
                assert run.bottom <= RULE_TOP, (slug, number, run.text, run.bottom)
