"""Pictures from plans and group files: checked before a build, shown upright in it.

A picture is read with Pillow before anything is rendered, so a file that is empty, truncated,
of a kind slides cannot show (SVG, WebP, HEIC...) or enormous (a "decompression bomb" that
would take gigabytes to open) becomes a message naming the file, not a crash inside python-pptx
or reportlab. Phone photos are often stored sideways with an EXIF note saying which way is up;
``upright`` applies that note, so the picture appears the way it was taken.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SHOWN_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}
MAX_PIXELS = 40_000_000
"""About 7700 x 5200: more than any slide or page needs, far less than a decompression bomb."""
MAX_BYTES = 20 * 1024 * 1024
"""The largest picture, logo or slide template read: far more than any of them needs."""
ORIENTATION = 0x0112
"""The EXIF tag that says which way up a photo was taken."""


def size_problem(path: Path, what: str, if_empty: str, if_large: str
                 ) -> tuple[str, str] | None:
    """(message, hint) if the file in ``path`` is empty or over the size limit, else None.
    ``what`` names it in the message; the hints say what to do in each case."""
    size = path.stat().st_size
    if size == 0:
        return f"{what} is empty", if_empty
    if size > MAX_BYTES:
        return f"{what} is larger than {MAX_BYTES // 2**20} MB", if_large
    return None


def content_problem(path: Path) -> tuple[str, str] | None:
    """What is wrong with the picture in ``path`` (message, hint), or None if it can be shown."""
    from PIL import Image, UnidentifiedImageError

    name = path.name[:60]
    problem = size_problem(path, f"the picture '{name}'", "Save or copy the picture again.",
                           "Save a smaller copy: 2000 pixels across is plenty for a slide.")
    if problem is not None:
        return problem
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind = image.format or "unknown"
                width, height = image.size
                if kind not in SHOWN_FORMATS:
                    return (f"'{name}' is a {kind} picture, which slides cannot show",
                            "Save it as PNG or JPEG.")
                if width * height > MAX_PIXELS:
                    return (f"the picture '{name}' is {width} x {height} pixels, too large to "
                            "place", "Save a smaller copy: 2000 pixels across is plenty.")
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (f"the picture '{name}' has far too many pixels to open safely",
                "Save a smaller copy: 2000 pixels across is plenty.")
    except UnidentifiedImageError:
        return (f"'{name}' is not a picture slides can show (or it is damaged)",
                "Save it again as PNG or JPEG.")
    except (OSError, SyntaxError, ValueError):
        return (f"the picture '{name}' is damaged or cut short",
                "Save or copy the picture again from where it came from.")
    return None


@dataclass(frozen=True)
class Upright:
    """A picture ready to place: its bytes, the right way up, and its size in pixels."""

    data: bytes
    width: int
    height: int

    def stream(self) -> io.BytesIO:
        return io.BytesIO(self.data)


@cache
def upright(path: Path) -> Upright:
    """The picture turned as its EXIF orientation says; the file's own bytes when no turn is
    needed (so a build stays byte-identical to the file)."""
    from PIL import Image, ImageOps

    raw = path.read_bytes()
    with Image.open(io.BytesIO(raw)) as image:
        if image.getexif().get(ORIENTATION, 1) in (1, None):
            return Upright(raw, *image.size)
        turned = ImageOps.exif_transpose(image)
        buffer = io.BytesIO()
        if image.format == "JPEG":
            turned.save(buffer, "JPEG", quality=92)
        else:
            turned.save(buffer, "PNG")
        return Upright(buffer.getvalue(), *turned.size)
