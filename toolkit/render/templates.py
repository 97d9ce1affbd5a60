"""The HTML pages' templates (``toolkit/templates/``), written with Jinja2 so that a designer
can change a page without reading Python, as Sphinx and MkDocs do. Autoescaping is on for
every ``.html`` template: text from plans and group files is always text, never markup."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@cache
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(loader=FileSystemLoader(TEMPLATES),
                       autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                       keep_trailing_newline=True, trim_blocks=False, lstrip_blocks=False)


def render_page(name: str, **context: Any) -> bytes:
    """The template ``name`` filled in with ``context``, as UTF-8."""
    page: str = _environment().get_template(name).render(**context)
    return page.encode("utf-8")
