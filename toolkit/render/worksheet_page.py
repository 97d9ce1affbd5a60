"""A session's worksheets as one web page members fill in on a phone, tablet or computer.

This is the accessible path for members who use a screen reader or need text larger than
print allows (reportlab cannot write tagged PDF): the same sheets as the session's worksheet
PDF, with real form controls, each with its label, and headings in order. The page is one
self-contained file: its style sheet, its script and its drawings are carried in it, and its
content security policy lets it fetch nothing and send nothing, so it works offline and keeps
answers only in the browser's local storage, with a button that erases them.

The page itself is the template ``toolkit/templates/worksheets.html`` (with
``worksheets.css`` and ``worksheets.js``); this module gives it the plan's words, which the
template escapes, and names every control as the PDF names its fields.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from functools import cache

from toolkit.assets import drawing_path, drawing_words
from toolkit.i18n import _, current, word
from toolkit.model import Checklist, Prompt, Scale, Section, Worksheet
from toolkit.model import Drawing as DrawingItem
from toolkit.model import Table as TableItem
from toolkit.plan import Plan, SessionEntry
from toolkit.render.content import (
    ABOUT_TITLE,
    EXAMPLE_LABEL,
    MORE_LINES,
    clean,
    crisis_footers,
    crisis_lines,
    session_forms,
    sheet_number,
)
from toolkit.render.templates import page_colours, page_logo, render_page, render_text

PAPER = {"letter": "letter", "a4": "A4"}
"""The group's paper as CSS ``@page`` names it."""


# ---- what the template is given -------------------------------------------------------------


@dataclass(frozen=True)
class Control:
    """One place to write or tick: its id (the PDF's field name) and its label."""

    id: str
    label: str
    detail: str = ""
    """More of the label, for screen readers only: a table cell's row (its column shows)."""


@dataclass(frozen=True)
class Picture:
    """A drawing carried in the page, with what a screen needs beside it."""

    source: str
    """The SVG as a ``data:`` URI."""
    alt: str
    on_screen: str
    """How to answer where nobody can mark the drawing."""
    parts: tuple[str, ...]
    """Names to give a text box each (a circle's rings)."""
    width: int
    height: int


@dataclass(frozen=True)
class Item:
    """One numbered question of a sheet, with what the template needs to draw its controls."""

    kind: str
    """``prompt``, ``scale``, ``checklist``, ``table`` or ``drawing``."""
    number: int
    text: str
    id: str
    """The id of its control (a prompt's or a drawing's text box), or its group's name."""
    lines: int = 0
    options: tuple[Control, ...] = ()
    """A checklist's boxes; a scale's values (their ids are the values)."""
    low: str = ""
    high: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str | None, tuple[Control, ...]], ...] = ()
    """A table's rows: the row's label (if the table has them) and a box for each cell."""
    picture: Picture | None = None


@dataclass(frozen=True)
class Sheet:
    """One worksheet as the page shows it."""

    id: str
    kicker: str
    title: str
    instructions: str | None
    example: str | None
    items: tuple[Item, ...] = field(default_factory=tuple)


def render_worksheet_page(plan: Plan, entry: SessionEntry) -> bytes:
    """One session's worksheets as a self-contained, accessible web page (UTF-8 HTML)."""
    course, session = plan.course, entry.session
    sheets = [sheet_view(_("Sheet {number} · {label}").format(
                  number=sheet_number(entry, sheet.id), label=entry.label), sheet,
                         prefix=f"week-{entry.week:02d}") for sheet in session.worksheets]
    sheets += [sheet_view(form.kicker, form.form, prefix=form.prefix)
               for form in session_forms(plan, entry)]
    style = render_text("worksheets.css", colours=page_colours(plan),
                        large_print=plan.print.large_print,
                        footer=css_string(printed_footer(plan)),
                        paper=PAPER.get(plan.print.paper, "letter"))
    script = render_text("worksheets.js")
    first = entry.slug == plan.sessions[0].slug
    return render_page(
        "worksheets.html", language=current().tag, header=plan.header,
        title=_("{label} worksheets: {title}").format(label=entry.label, title=session.title),
        session_title=session.title,
        label=entry.label, when=entry.meeting.short_day() if entry.meeting else "",
        logo=page_logo(plan), sheets=sheets,
        about=_sections(course.about) if first else [], about_title=word(ABOUT_TITLE),
        agreements=[clean(text) for text in course.agreements],
        emergency=clean(course.emergency), crisis=crisis_lines(course),
        crisis_note=clean(course.crisis_note) if course.crisis_note else None,
        contact=clean(plan.group.contact) if plan.group.contact else None,
        disclaimer=clean(course.disclaimer), example_label=word(EXAMPLE_LABEL),
        storage_key=storage_key(plan, entry), large_print=plan.print.large_print,
        style=style, script=script,
        policy=content_policy(style, script))


def storage_key(plan: Plan, entry: SessionEntry) -> str:
    """Where the page keeps its answers in the browser. Pages opened from files share one
    storage, so the key names the group, the course and the session (as a hash: the key is
    visible to anyone who looks in the browser's storage)."""
    who = "\n".join((plan.group.name or "", plan.course.title, entry.slug))
    return f"worksheet-answers-{hashlib.sha256(who.encode()).hexdigest()[:16]}"


def content_policy(style: str, script: str) -> str:
    """The page's content security policy: nothing may load or be sent, except the page's own
    style sheet and script (by their hashes) and the pictures carried in it."""
    return "; ".join((
        "default-src 'none'",
        f"style-src '{_hash(style)}'",
        f"script-src '{_hash(script)}'",
        "img-src data:",
        "form-action 'none'",
        "base-uri 'none'",
    ))


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a ``<style>`` element."""
    escaped = "".join(f"\\{ord(char):X} " if char in '"\\<>&' or ord(char) < 32 else char
                      for char in text)
    return f'"{escaped}"'


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"sha256-{base64.b64encode(digest).decode()}"


def _sections(sections: tuple[Section, ...]) -> list[dict[str, object]]:
    return [{"title": clean(part.title), "paragraphs": [clean(text) for text in part.paragraphs],
             "points": [clean(text) for text in part.points]} for part in sections]


def printed_footer(plan: Plan) -> str:
    """The foot of every printed page: the emergency sentence, the first place's first line
    (the least the worksheet PDF's foot gives) and where the rest are."""
    first = crisis_footers(plan.course)[-1]
    return f"{clean(plan.course.emergency)} {' · '.join(first)}. {word(MORE_LINES)}"


def sheet_view(kicker: str, sheet: Worksheet, *, prefix: str = "") -> Sheet:
    """A worksheet for the template; every control is named as the PDF names its field
    (``<prefix>-<sheet>-<n>-prompt`` and so on), so both stay in step, and the boxes only a
    screen needs (a drawing's parts) after the drawing's: ``<sheet>-<n>-notes-<k>``. The page
    has no name and date lines: it is on the member's own device, and a name kept there is
    one more thing to erase."""
    base = f"{prefix}-{sheet.id}" if prefix else sheet.id
    return Sheet(
        id=base, kicker=clean(kicker), title=clean(sheet.title),
        instructions=clean(sheet.instructions) if sheet.instructions else None,
        example=clean(sheet.example) if sheet.example else None,
        items=tuple(_item(number, item.content, f"{base}-{number}")
                    for number, item in enumerate(sheet.items, start=1)))


def _item(number: int, content: object, name: str) -> Item:
    if isinstance(content, Prompt):
        return Item("prompt", number, clean(content.text), f"{name}-prompt",
                    lines=content.lines)
    if isinstance(content, Scale):
        values = range(content.low_value, content.high_value + 1)
        return Item("scale", number, clean(content.text), f"{name}-scale",
                    options=tuple(Control(f"{name}-scale-{value}", str(value))
                                  for value in values),
                    low=clean(content.low), high=clean(content.high))
    if isinstance(content, Checklist):
        return Item("checklist", number, clean(content.text), f"{name}-checklist",
                    options=tuple(Control(f"{name}-o{index}", clean(option))
                                  for index, option in enumerate(content.options, start=1)))
    if isinstance(content, TableItem):
        return _table(number, content, name)
    if isinstance(content, DrawingItem):
        picture = drawing_picture(content.picture)
        boxes = tuple(Control(f"{name}-notes-{index}", part)
                      for index, part in enumerate(picture.parts, start=1))
        # The writing lines beside a drawing are a box as in the PDF; a drawing to mark on
        # paper gets a box on a screen (or one per part) all the same.
        lines = content.lines or (0 if boxes else 4)
        return Item("drawing", number, clean(content.text), f"{name}-notes", lines=lines,
                    picture=picture, options=boxes)
    raise TypeError(f"a worksheet item the web page cannot show: {type(content).__name__}")


def _table(number: int, table: TableItem, name: str) -> Item:
    """A table: a box for each cell, labelled by its column and its row (the row's own label
    when the table has them, which then fill its first column)."""
    columns = tuple(clean(column) for column in table.columns)
    labels = tuple(clean(label) for label in table.row_labels)
    rows = []
    for row in range(1, (len(labels) or table.rows) + 1):
        label = labels[row - 1] if labels else None
        first = 2 if labels else 1
        cells = tuple(Control(f"{name}-r{row}c{column}", columns[column - 1],
                              f", {label}" if label else _rest(columns[column - 1], _(
                                  "{column}, row {row}").format(column=columns[column - 1],
                                                                row=row)))
                      for column in range(first, len(columns) + 1))
        rows.append((label, cells))
    return Item("table", number, clean(table.text) if table.text else "", f"{name}-table",
                columns=columns, rows=tuple(rows))


def _rest(visible: str, said: str) -> str:
    """What a screen reader hears after a control's visible label ``visible`` (hidden on the
    screen), so that it hears the whole of ``said``, a sentence that begins with the label in
    English (``Name, row 2``) and should in every language; all of ``said`` if it does not."""
    return said[len(visible):] if said.startswith(visible) else f", {said}"


SVG = "{http://www.w3.org/2000/svg}"


@cache
def _drawing_source(name: str) -> bytes:
    return drawing_path(name).read_bytes()


def drawing_picture(name: str) -> Picture:
    """A drawing carried in the page, with its description (the SVG's ``<title>``) as its
    text for people who cannot see it, and how to answer on a screen, where nobody can mark
    it: the SVG's ``data-on-screen`` (a sentence said beside the text box) and
    ``data-parts`` (names separated by ``|``: a text box for each, as for a circle's rings).
    Its words, in the drawing and beside it, are in the language being drawn in."""
    from lxml import etree  # here: only a session with a drawing needs it

    data = _drawing_source(name)
    root = etree.fromstring(data)
    translated = False
    for node in root.iter(f"{SVG}text", f"{SVG}title"):
        if node.text and node.text.strip():
            text = drawing_words(node.text)
            translated = translated or text != node.text
            node.text = text
    if translated:  # else the SVG as it is, byte for byte
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    title = root.find(f"{SVG}title")
    parts = root.get("data-parts", "")
    return Picture(source=f"data:image/svg+xml;base64,{base64.b64encode(data).decode()}",
                   alt=(title.text or "").strip() if title is not None else "",
                   on_screen=drawing_words(root.get("data-on-screen", "")).strip(),
                   parts=tuple(drawing_words(part).strip() for part in parts.split("|")
                               if part.strip()),
                   width=int(float(root.get("width", "200"))),
                   height=int(float(root.get("height", "200"))))
