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

from toolkit.i18n import N_, _, current, word
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
    ".odt": N_("OpenDocument text"),
    ".odp": N_("OpenDocument slides"),
    ".html": N_("web page"),
    ".txt": N_("text"),
    ".csv": N_("spreadsheet"),
    ".zip": N_("zip archive"),
}
"""What a link opens, named for people rather than by file extension (the names of
programs stay as they are in every language)."""

OUTPUT_NAMES = {
    "slides": N_("slides"),
    "facilitator notes": N_("facilitator notes"),
    "worksheets": N_("worksheets"),
    "worksheets on screen": N_("worksheets on screen"),
    "handouts": N_("handouts"),
    "facilitator guide": N_("facilitator guide"),
    "participant workbook": N_("participant workbook"),
    "attendance register": N_("attendance register"),
}
"""The files' names as the page prints them (an output's ``name`` is also its id, so it is
translated here, where it is printed)."""


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
            "links": [(_href(path), _("{label} {name} ({kind})").format(
                label=entry.label, name=_name(output.name), kind=_kind(path)))
                      for output in OUTPUTS if output.scope == "session"
                      for path in [output.path(plan, target)]],
        })
    books = [(_href(path), _("{name} ({kind})").format(
                  name=_capital(_name(output.name)), kind=_kind(path))) for output in OUTPUTS
             if output.scope == "course" for path in [output.path(plan, Target())]
             if path != INDEX_NAME]
    workbooks = [(_href(path), _("Workbook {number} ({kind})").format(
                      number=number + 1, kind=_kind(path)))
                 for output in OUTPUTS if output.scope == "member"
                 for number in range(len(plan.roster))
                 for path in [output.path(plan, Target(member=number))]]
    return render_page(
        "index.html", language=current().tag, title=course.title, subtitle=course.subtitle,
        heading=_("{group}: course materials").format(group=plan.group.name)
        if plan.group.name else _("Course materials"),
        logo=page_logo(plan), group=_group(plan), emergency=course.emergency, sessions=sessions,
        books=books, workbooks=workbooks, crisis=course.crisis_resources,
        crisis_note=course.crisis_note, disclaimer=course.disclaimer, colours=page_colours(plan))


def _href(path: str) -> str:
    """A relative link to a file in the group folder, URL-quoted (the template escapes it)."""
    return quote(path, safe="/")


def _name(name: str) -> str:
    """An output's name as the page prints it: ``worksheets``."""
    return word(OUTPUT_NAMES.get(name, name))


def _capital(words: str) -> str:
    """``Facilitator guide``: words that begin a link."""
    return words[:1].upper() + words[1:]


def _kind(path: str) -> str:
    """The kind of file a path names, in words: ``PDF``, ``PowerPoint``."""
    suffix = PurePosixPath(path).suffix
    if suffix.lower() in KINDS:
        return word(KINDS[suffix.lower()])
    return suffix.lstrip(".").upper() or _("file")


def _group(plan: Plan) -> list[tuple[str, str]]:
    """Who, where and how to reach the facilitators, when the group says."""
    group = plan.group
    rows = [
        (_("Group"), group.name),
        (_("Where"), group.location),
        (_("Facilitator") if len(group.facilitators) == 1 else _("Facilitators"),
         ", ".join(group.facilitators) or None),
        (_("Contact"), group.contact),
    ]
    return [(label, value) for label, value in rows if value]


def _when(entry: SessionEntry) -> list[str]:
    """When a session meets and how long, in pieces that each stay whole on a narrow screen."""
    session = entry.session
    details = []
    if entry.meeting is not None:
        start, end = entry.meeting.time_at(0), entry.meeting.time_at(session.minutes)
        details += [entry.meeting.short_day(), f"{start}–{end}" if start and end else ""]
    details.append(_("{minutes} minutes").format(minutes=session.minutes))
    return [part for part in details if part]
