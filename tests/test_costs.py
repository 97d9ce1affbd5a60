"""What `toolkit check` and `toolkit build` cost, measured from outside: a slide template or a
picture that passes the limits costs at most a few hundred MB and a few seconds, and what would
cost more is refused at once.

Each command runs in a fresh child process; its peak memory is the largest resident size of it
or any of its workers (``getrusage(RUSAGE_CHILDREN)`` of a runner that starts nothing else).
The bounds are generous (this machine: about a third of them); the code before issue 13 missed
each by far.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import hostile_templates as made
import pytest
from conftest import ROOTS
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from toolkit.images import ORIENTATION

REPO = Path(__file__).parent.parent
MINIMAL = ROOTS / "minimal"
MB = 2**20
PEAK = 300 * MB
"""The README's promise: no process of a build holds more."""
SECONDS = 10.0
"""For a check, or a build of one session (about 1.5 s here)."""
MAX_SHAPES, MAX_NODES, MAX_XML_TOTAL, MAX_PICTURES = 5000, 400_000, 8 * MB, 10 * MB
"""toolkit.template's limits: shapes on masters and layouts, their elements and attributes,
bytes of XML, bytes of pictures."""

RUNNER = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run([sys.executable, "-m", "toolkit", *sys.argv[1:]], capture_output=True,
                      text=True, timeout=300)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": done.returncode, "output": done.stdout + done.stderr,
                  "seconds": time.perf_counter() - started,
                  "peak": peak if sys.platform == "darwin" else peak * 1024}))
"""


@dataclass(frozen=True)
class Cost:
    code: int
    output: str
    seconds: float
    peak: int
    """Bytes."""

    def __str__(self) -> str:
        return f"exit {self.code}, {self.seconds:.1f} s, {self.peak / MB:.0f} MB: {self.output}"


def cost(*args: str) -> Cost:
    """Run the toolkit in a child process: its exit code, output, time and peak memory."""
    done = subprocess.run([sys.executable, "-c", RUNNER, *args], capture_output=True, text=True,
                          cwd=REPO, check=True)
    return Cost(**json.loads(done.stdout))


def group_with(folder: Path, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "brand.pptx").write_bytes(data)
    group = folder / "group.yaml"
    group.write_text("name: Brand Group\nbranding:\n  template: brand.pptx\n", encoding="utf-8")
    return group


# ---- 1. slide templates ------------------------------------------------------------------------


def test_the_tryouts_template_of_many_shapes_is_refused_at_once(tmp_path: Path) -> None:
    """19 layouts of about 12,000 shapes, each under the 2 MB limit of a part: the check took
    14 s and 1.2 GB, and passed; the build 27 s and 2.3 GB."""
    group = group_with(tmp_path, made.too_many_shapes())
    checked = cost("check", "--sessions", str(MINIMAL), "--group", str(group))
    assert checked.code == 1, checked
    assert (f"{group}:3:13: error: the template's slide masters and layouts hold more than "
            f"{MAX_SHAPES} shapes, far more than its decks can carry\n"
            "    In PowerPoint choose View > Slide Master, delete the layouts no one uses") in \
        checked.output
    assert checked.seconds < SECONDS / 2 and checked.peak < PEAK / 2, checked


BUDGET = MAX_NODES - 10_000
"""Elements and attributes a template may add to the plain one (which has about 4,500)."""
AT_THE_LIMITS: dict[str, Callable[[], bytes]] = {
    "shapes on the content layout": lambda: made.with_shapes(
        MAX_SHAPES - 100, only=made.LAYOUT),
    "drawings of many points": lambda: made.with_drawings(BUDGET // 4 // 11, 11),
    "many attributes": lambda: made.with_attributes(BUDGET // 11, 11),
    "many namespaces": lambda: made.with_namespaces(BUDGET // 11, 11),
    "a large picture": lambda: made.with_master_pictures(MAX_PICTURES - 200_000, random=True),
}


@pytest.mark.parametrize("make", AT_THE_LIMITS.values(), ids=AT_THE_LIMITS.keys())
def test_a_template_just_within_the_limits_checks_and_builds_cheaply(
        tmp_path: Path, make: Callable[[], bytes]) -> None:
    """Each fills one limit (a build checks first, in the same process): on the code before,
    many attributes took 32 s to check."""
    group = group_with(tmp_path, make())
    built = cost("build", "--sessions", str(MINIMAL), "--group", str(group), "--out",
                 str(tmp_path / "out"))
    assert built.code == 0, built
    assert built.seconds < SECONDS and built.peak < PEAK, built
    (deck,) = (tmp_path / "out").rglob("*.pptx")
    assert len(Presentation(str(deck)).slide_layouts) >= 11


def test_a_build_on_a_large_template_holds_one_deck_at_a_time(tmp_path: Path) -> None:
    """python-pptx's decks are cycles of references, freed only by the cycle collector: one
    process building the course's eight decks on this template held 440 MB."""
    group = group_with(tmp_path, made.with_drawings(BUDGET // 4 // 11, 11))
    built = cost("build", "--group", str(group), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert built.code == 0, built
    assert built.peak < 250 * MB, built
    assert len(list((tmp_path / "out").rglob("*.pptx"))) == 8


# ---- 2. pictures --------------------------------------------------------------------------------


def camera_photo(path: Path) -> None:
    """A 40-megapixel photo (just under the limit) stored sideways, as phones do: 6000 x 6600
    pixels, turned a quarter clockwise by its EXIF note."""
    photo = Image.new("RGB", (6000, 6600), (20, 90, 120))
    photo.paste((230, 200, 40), (0, 0, 1500, 6600))  # a yellow band on the left
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    photo.save(path, "JPEG", quality=85, exif=exif.tobytes())


def transparent_logo(path: Path) -> None:
    """A 16-megapixel PNG with transparency (just under the limit of a picture read whole)."""
    logo = Image.new("RGBA", (4000, 4000), (20, 90, 120, 200))
    logo.paste((230, 200, 40, 255), (0, 0, 1000, 4000))
    logo.save(path, "PNG")


@pytest.mark.parametrize("make", [camera_photo, transparent_logo], ids=lambda make: make.__name__)
def test_a_large_logo_is_placed_once_at_the_size_outputs_need(
        tmp_path: Path, make: Callable[[Path], None]) -> None:
    """Before, reportlab held such a logo as raw pixels, several times over: a build of the
    course took 492 MB (the photo) and 299 MB (the PNG) in one of its processes."""
    suffix = ".jpg" if make is camera_photo else ".png"
    make(tmp_path / f"logo{suffix}")
    group = tmp_path / "group.yaml"
    group.write_text(f"name: Logo Group\nbranding:\n  logo: logo{suffix}\n", encoding="utf-8")
    built = cost("build", "--group", str(group), "--out", str(tmp_path / "out"))
    assert built.code == 0, built
    assert built.peak < 200 * MB, built
    folder = tmp_path / "out" / "logo-group"
    deck = Presentation(str(next(folder.rglob("week-01-*.pptx"))))
    (logo,) = [shape for shape in deck.slides[0].shapes if shape.shape_type == 13]
    placed = Image.open(io.BytesIO(logo.image.blob))
    (cover,) = PdfReader(folder / "facilitator-guide.pdf").pages[0].images
    for picture in (placed, cover.image):
        assert max(picture.size) == 2000, picture.size
        if make is camera_photo:  # turned: the yellow band is along the top
            assert picture.size[0] > picture.size[1]
            assert picture.convert("RGB").getpixel((1000, 100))[0] > 150
            assert picture.convert("RGB").getpixel((1000, picture.size[1] - 100))[0] < 100
