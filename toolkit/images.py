"""Pictures from plans and group files: checked before a build, shown upright in it.

A picture is read with Pillow before anything is rendered, so a file that is empty, truncated,
of a kind slides cannot show (SVG, WebP, HEIC...) or enormous (a "decompression bomb" that
would take gigabytes to open) becomes a message naming the file, not a crash inside python-pptx
or reportlab. Phone photos are often stored sideways with an EXIF note saying which way is up;
``upright`` applies that note, so the picture appears the way it was taken.

A picture is placed no larger than any output needs (``MAX_SIDE``): reportlab holds a picture
it puts in a PDF as raw pixels, several times over, so a 167 KB logo of 6000 x 6600 pixels took
a build to 629 MB. Larger ones are scaled down once per process, a JPEG decoded at a half, a
quarter or an eighth of its size as it is read (Pillow's draft mode), so that neither the
check nor the build holds a large picture's pixels whole; a PNG, a GIF or a progressive JPEG,
which cannot be read in part, has a lower limit of pixels. A picture that is upright and small
enough is placed byte for byte.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.files import read_limited

if TYPE_CHECKING:
    from PIL import Image

SHOWN_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}
MAX_PIXELS = 40_000_000
"""About 7700 x 5200: more than any slide or page needs, far less than a decompression bomb. A
JPEG (not progressive) is decoded at an eighth of its size to check it, and at a half or a
quarter to place it: a 40-megapixel one costs under 100 MB."""
MAX_PIXELS_WHOLE = 16_000_000
"""About 4900 x 3300, for a picture Pillow can only decode whole: a PNG or GIF (4 bytes a
pixel), or a progressive JPEG (which holds 2 bytes for each of its colour samples as well). At
40 megapixels a PNG cost a check 194 MB and a build 228 MB in each process; a progressive JPEG
283 MB to place."""
MAX_BYTES = 20 * 1024 * 1024
"""The largest picture, logo or slide template read: far more than any of them needs."""
ORIENTATION = 0x0112
"""The EXIF tag that says which way up a photo was taken."""
MAX_SIDE = 2000
"""The longest side of a picture as placed, in pixels: 150 per inch across a whole slide
(13.3 in), far more than a logo or a handout's picture needs."""


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
                whole = kind != "JPEG" or "progressive" in image.info
                if width * height > (MAX_PIXELS_WHOLE if whole else MAX_PIXELS):
                    return (f"the picture '{name}' is {width} x {height} pixels, too large to "
                            "place", "Save a smaller copy: 2000 pixels across is plenty.")
                # A JPEG is decoded at an eighth of its size: every part of the file is still
                # read, so one that is cut short or damaged fails as it would in full.
                image.draft(image.mode, (width // 8, height // 8))
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
    """The picture turned as its EXIF orientation says and scaled down to ``MAX_SIDE``; the
    file's own bytes when neither is needed (so a build stays byte-identical to the file)."""
    from PIL import Image

    raw = read_limited(path, MAX_BYTES)  # checked already; never more than the limit
    with Image.open(io.BytesIO(raw)) as image:
        kind = image.format
        turn = _turn(image.getexif().get(ORIENTATION, 1))
        if turn is None and max(image.size) <= MAX_SIDE:
            return Upright(raw, *image.size)
        placed = _scaled_down(image) if max(image.size) > MAX_SIDE else image
        if turn is not None:
            placed = placed.transpose(turn)
        buffer = io.BytesIO()
        if kind == "JPEG":
            placed.save(buffer, "JPEG", quality=92)
        else:
            placed.save(buffer, "PNG")
        return Upright(buffer.getvalue(), *placed.size)


def _turn(orientation: object) -> Image.Transpose | None:
    """How to turn a photo whose EXIF orientation is ``orientation`` (as
    ``ImageOps.exif_transpose`` does; None for upright, or an orientation there is not)."""
    from PIL import Image

    turns = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
             4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
             6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
             8: Image.Transpose.ROTATE_90}
    return turns.get(orientation) if isinstance(orientation, int) else None


def _scaled_down(image: Image.Image) -> Image.Image:
    """``image`` (opened from a file) with its longer side ``MAX_SIDE``. A JPEG is decoded at
    the smallest of 1/2, 1/4 and 1/8 of its size still larger than that (Pillow's draft mode);
    then it is reduced by whole pixels a strip at a time, ``image`` is closed (freeing its
    pixels), and the result resampled. Pillow's own ``thumbnail`` makes a second full-size copy
    of a picture with transparency (to weigh colours by it): a 40-megapixel PNG took 381 MB."""
    from PIL import Image

    width, height = image.size
    scale = MAX_SIDE / max(width, height)
    image.draft(image.mode, (max(1, round(width * scale)), max(1, round(height * scale))))
    image.load()
    width, height = image.size
    factor = max(1, max(width, height) // MAX_SIDE)
    reduced: Image.Image | None = None
    rows = factor * 64
    for top in range(0, height, rows):
        strip = _smooth(image.crop((0, top, width, min(top + rows, height)))).reduce(factor)
        if reduced is None:
            reduced = Image.new(strip.mode, (-(-width // factor), -(-height // factor)))
        reduced.paste(strip, (0, top // factor))
    image.close()
    assert reduced is not None  # a picture has at least one row
    reduced.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return reduced


def _smooth(image: Image.Image) -> Image.Image:
    """``image`` in a mode Pillow resamples smoothly and saves as PNG or JPEG: a palette or
    black-and-white picture in full colour (resampled as it is, it would be pixel by pixel),
    16-bit grey as 8-bit (converted as it is, Pillow would cut every value over 255 to white)."""
    if image.mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return image
    if image.mode.startswith("I"):
        return image.convert("I").point(lambda value: value / 256).convert("L")
    return image.convert("RGBA")
