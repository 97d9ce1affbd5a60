"""Makes the form fields' font (toolkit/field-font.ttf and its table, field-font.json) from the
installed Noto Sans: its regular instance, cut to the scripts members may type (Latin with its
extensions, Greek, Cyrillic, common punctuation), so a PDF can carry it whole (about 80 KB) and
a member can type any of those letters into a field. Run by tests/test_field_font.py with
TOOLKIT_PIN=1; the toolkit itself only reads the two files, so it needs no fontTools."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

from toolkit import fonts

PACKAGE = Path(__file__).parent.parent / "toolkit"
FONT_FILE = PACKAGE / "field-font.ttf"
TABLE_FILE = PACKAGE / "field-font.json"
RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x52F), (0x1E00, 0x1EFF),
          (0x2010, 0x205E), (0x20A0, 0x20C0), (0x2100, 0x2122))
"""Basic Latin, Latin-1, Latin Extended-A and -B, Greek, Cyrillic (and its supplement), Latin
Extended Additional (Vietnamese), punctuation, currency signs, letterlike symbols."""
INSTANCE = {"wght": 400, "wdth": 100}


def source() -> Path:
    return Path(fonts.noto_sans().regular)


def source_digest() -> str:
    return hashlib.sha256(source().read_bytes()).hexdigest()


def make() -> tuple[bytes, dict[str, object]]:
    font = TTFont(str(source()))
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "STAT"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for low, high in RANGES for code in range(low, high + 1)])
    subsetter.subset(font)
    font = instancer.instantiateVariableFont(font, INSTANCE)
    data = io.BytesIO()
    font.save(data)
    font = TTFont(io.BytesIO(data.getvalue()))
    scale = 1000 / font["head"].unitsPerEm
    order = font.getGlyphOrder()
    gids = {name: gid for gid, name in enumerate(order)}
    cmap = {code: gids[name] for code, name in sorted(font.getBestCmap().items())}
    table: dict[str, object] = {
        "source": f"{source().name} sha256 {source_digest()}",
        "instance": INSTANCE,
        "name": "NotoSans-Fields",
        "ascent": round(font["hhea"].ascent * scale),
        "descent": round(font["hhea"].descent * scale),
        "cap_height": round(font["OS/2"].sCapHeight * scale),
        "bbox": [round(value * scale) for value in (
            font["head"].xMin, font["head"].yMin, font["head"].xMax, font["head"].yMax)],
        "widths": [round(font["hmtx"][name][0] * scale) for name in order],
        "cmap": {str(code): gid for code, gid in cmap.items()},
    }
    return data.getvalue(), table


def write() -> None:
    data, table = make()
    FONT_FILE.write_bytes(data)
    TABLE_FILE.write_text(json.dumps(table, separators=(",", ":")) + "\n", encoding="utf-8")
