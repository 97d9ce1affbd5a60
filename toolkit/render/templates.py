"""The HTML pages' templates (``toolkit/templates/``), written with Jinja2 so that a designer
can change a page without reading Python, as Sphinx and MkDocs do. Autoescaping is on for
every ``.html`` template: text from plans and group files is always text, never markup.
Also what every page shares: the group's logo, carried in the page, and its colours.

A template writes the toolkit's own words as ``{{ _("Crisis lines") }}`` (a sentence with
values as ``{{ _("Week {week}").format(week=week) }}``): ``_`` is ``toolkit.i18n._``, so they
are in the language being drawn in, and ``tests/catalogs.py`` finds them."""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.i18n import _
from toolkit.images import upright
from toolkit.plan import Plan
from toolkit.theme import COLOURS, MIN_CONTRAST, contrast, darkened

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@cache
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    environment = Environment(loader=FileSystemLoader(TEMPLATES),
                              autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                              keep_trailing_newline=True, trim_blocks=False,
                              lstrip_blocks=False)
    environment.globals["_"] = _  # reads the language when called, so one environment serves all
    return environment


def render_page(name: str, **context: Any) -> bytes:
    """The template ``name`` filled in with ``context``, as UTF-8."""
    return render_text(name, **context).encode("utf-8")


def render_text(name: str, **context: Any) -> str:
    """The template ``name`` filled in with ``context``: a style sheet or script a page
    carries in itself (escaped only if ``name`` ends in ``.html``)."""
    text: str = _environment().get_template(name).render(**context)
    return text


LOGO_HEIGHT = 64
"""The logo's height on the page, in CSS pixels."""


def page_logo(plan: Plan) -> dict[str, object] | None:
    """The group's logo, carried in the page itself (so the page stays one file)."""
    path = plan.branding.logo
    if path is None:
        return None
    picture = upright(path)
    kind = "jpeg" if picture.data[:3] == b"\xff\xd8\xff" else \
        "gif" if picture.data[:4] == b"GIF8" else "png"
    width = round(LOGO_HEIGHT * picture.width / max(picture.height, 1))
    return {"source": f"data:image/{kind};base64,{base64.b64encode(picture.data).decode()}",
            "alt": _("{header} logo").format(header=plan.header), "width": width,
            "height": LOGO_HEIGHT}


def page_colours(plan: Plan) -> dict[str, str]:
    """The palette for the page's CSS, each readable where it is used."""
    colours = plan.colours
    primary = _colour(colours.primary, COLOURS.primary)
    light = _plain(colours.light, COLOURS.light)
    # Links sit on the light tint: keep them readable there too.
    link = primary if contrast(primary, light) >= MIN_CONTRAST else darkened(primary, light)
    return {"primary": primary, "text": _colour(colours.text, COLOURS.text),
            "muted": _colour(colours.muted, COLOURS.muted),
            "accent": _colour(colours.accent, COLOURS.accent),
            "rule": _plain(colours.rule, COLOURS.rule), "light": light, "link": link}


def _colour(value: str, fallback: str, against: str = "FFFFFF") -> str:
    """A palette colour for CSS: six hex digits, dark enough to read on ``against``."""
    value = value.strip().lstrip("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        value = fallback
    if contrast(value, against) < MIN_CONTRAST:
        value = darkened(value, against)
    return value.upper()


def _plain(value: str, fallback: str) -> str:
    """A palette colour used for rules and backgrounds: six hex digits or the default."""
    value = value.strip().lstrip("#")
    return value.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", value) else fallback
