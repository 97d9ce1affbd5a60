"""The group folder's front page: ``index.html``, the course at a glance with a link to every file.

One self-contained page that reads well on a phone: no scripts, no web fonts, nothing fetched
from the network (the group's logo is carried in the page), so it works straight from a USB
stick or a shared folder. The page itself is the template ``toolkit/templates/index.html``;
this module gives it the plan's words, every one escaped by the template, and relative links.
Members' names are never printed here: the page is easy to share by mistake, so per-member
workbooks are listed only by number.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote

from toolkit.outputs import OUTPUTS
from toolkit.outputs.contract import Target
from toolkit.plan import Plan, SessionEntry
from toolkit.render.templates import page_colours, page_logo, render_page

INDEX_NAME = "index.html"
"""The page's own file name in the group folder; the page does not link to itself."""

KINDS = {
    ".pptx": "PowerPoint",
    ".ppt": "PowerPoint",
    ".pdf": "PDF",
    ".docx": "Word",
    ".odt": "OpenDocument text",
    ".odp": "OpenDocument slides",
    ".html": "web page",
    ".txt": "text",
    ".csv": "spreadsheet",
    ".zip": "zip archive",
}
"""What a link opens, named for people rather than by file extension."""


def render_index(plan: Plan) -> bytes:
    """The course's front page as UTF-8 HTML: sessions, their files, the books and help lines,
    from the template ``toolkit/templates/index.html``."""
    course = plan.course
    sessions = []
    for index, entry in enumerate(plan.sessions):
        target = Target(session=index)
        sessions.append({
            "label": entry.label, "title": entry.session.title,
            "when": _when(entry), "summary": entry.session.summary,
            "links": [(_href(path), f"{entry.label} {_describe(output.name, path)}")
                      for output in OUTPUTS if output.scope == "session"
                      for path in [output.path(plan, target)]],
        })
    books = [(_href(path), _describe(output.name, path, capital=True)) for output in OUTPUTS
             if output.scope == "course" for path in [output.path(plan, Target())]
             if path != INDEX_NAME]
    workbooks = [(_href(path), f"Workbook {number + 1} ({_kind(path)})")
                 for output in OUTPUTS if output.scope == "member"
                 for number in range(len(plan.roster))
                 for path in [output.path(plan, Target(member=number))]]
    return render_page(
        "index.html", title=course.title, subtitle=course.subtitle,
        heading=f"{plan.group.name}: course materials" if plan.group.name
        else "Course materials",
        logo=page_logo(plan), group=_group(plan), emergency=course.emergency, sessions=sessions,
        books=books, workbooks=workbooks, crisis=course.crisis_resources,
        crisis_note=course.crisis_note, disclaimer=course.disclaimer, colours=page_colours(plan))


def _href(path: str) -> str:
    """A relative link to a file in the group folder, URL-quoted (the template escapes it)."""
    return quote(path, safe="/")


def _describe(name: str, path: str, *, capital: bool = False) -> str:
    """``worksheets (PDF)``: what a link opens, in words."""
    words = name[:1].upper() + name[1:] if capital else name
    return f"{words} ({_kind(path)})"


def _kind(path: str) -> str:
    """The kind of file a path names, in words: ``PDF``, ``PowerPoint``."""
    suffix = PurePosixPath(path).suffix
    return KINDS.get(suffix.lower(), suffix.lstrip(".").upper() or "file")


def _group(plan: Plan) -> list[tuple[str, str]]:
    """Who, where and how to reach the facilitators, when the group says."""
    group = plan.group
    rows = [
        ("Group", group.name),
        ("Where", group.location),
        ("Facilitator" if len(group.facilitators) == 1 else "Facilitators",
         ", ".join(group.facilitators) or None),
        ("Contact", group.contact),
    ]
    return [(label, value) for label, value in rows if value]


def _when(entry: SessionEntry) -> list[str]:
    """When a session meets and how long, in pieces that each stay whole on a narrow screen."""
    session = entry.session
    details = []
    if entry.meeting is not None:
        start, end = entry.meeting.time_at(0), entry.meeting.time_at(session.minutes)
        details += [entry.meeting.short_day(), f"{start}–{end}" if start and end else ""]
    details.append(f"{session.minutes} minutes")
    return [part for part in details if part]
