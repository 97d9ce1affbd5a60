"""The group folder's front page: ``index.html``, the course at a glance with a link to every file.

One self-contained page that reads well on a phone: no scripts, no web fonts, nothing fetched
from the network, so it works straight from a USB stick or a shared folder. Every text from the
plan is escaped and every link is a relative path. Members' names are never printed here: the
page is easy to share by mistake, so per-member workbooks are listed only by number.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import PurePosixPath
from urllib.parse import quote

from toolkit.outputs import OUTPUTS
from toolkit.outputs.contract import Target
from toolkit.plan import Plan, SessionEntry
from toolkit.theme import COLOURS, MIN_CONTRAST, contrast, darkened

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
    """The course's front page as UTF-8 HTML: sessions, their files, the books and help lines."""
    title = plan.course.title
    heading = f"{plan.group.name}: course materials" if plan.group.name else "Course materials"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(heading)} – {_text(title)}</title>",
        f"<style>{_css(plan)}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_text(title)}</h1>",
    ]
    if plan.course.subtitle:
        parts.append(f'<p class="subtitle">{_text(plan.course.subtitle)}</p>')
    parts += _group(plan)
    parts.append("</header>")
    parts.append(f'<p class="emergency"><strong>{_text(plan.course.emergency)}</strong></p>')
    parts.append("<main>")

    parts.append("<section>")
    parts.append("<h2>Sessions</h2>")
    parts.append('<ol class="sessions">')
    for index, entry in enumerate(plan.sessions):
        target = Target(session=index)
        links = [(path, f"{entry.label} {_describe(output.name, path)}")
                 for output in OUTPUTS if output.scope == "session"
                 for path in [output.path(plan, target)]]
        parts += _session(entry, links)
    parts.append("</ol>")
    parts.append("</section>")

    books = [(path, _describe(output.name, path, capital=True)) for output in OUTPUTS
             if output.scope == "course" for path in [output.path(plan, Target())]
             if path != INDEX_NAME]
    if books:
        parts.append("<section>")
        parts.append("<h2>Course books</h2>")
        parts += _links(books)
        parts.append("</section>")

    if plan.roster:
        parts.append("<section>")
        parts.append("<h2>Members’ workbooks</h2>")
        parts.append("<p>One workbook for each member, numbered in the order of the roster.</p>")
        parts += _links([(path, f"Workbook {number + 1} ({_kind(path)})")
                         for output in OUTPUTS if output.scope == "member"
                         for number in range(len(plan.roster))
                         for path in [output.path(plan, Target(member=number))]])
        parts.append("</section>")

    parts += _help(plan)
    parts.append("</main>")
    parts.append("<footer>")
    parts.append(f"<p>{_text(plan.course.disclaimer)}</p>")
    parts.append("</footer>")
    parts.append("</body>")
    parts.append("</html>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def _text(value: str) -> str:
    """Text from the plan, safe inside an element or an attribute."""
    return escape(value, quote=True)


def _href(path: str) -> str:
    """A relative link to a file in the group folder, URL-quoted and then HTML-escaped."""
    return escape(quote(path, safe="/"), quote=True)


def _describe(name: str, path: str, *, capital: bool = False) -> str:
    """``worksheets (PDF)``: what a link opens, in words."""
    words = name[:1].upper() + name[1:] if capital else name
    return f"{words} ({_kind(path)})"


def _kind(path: str) -> str:
    """The kind of file a path names, in words: ``PDF``, ``PowerPoint``."""
    suffix = PurePosixPath(path).suffix
    return KINDS.get(suffix.lower(), suffix.lstrip(".").upper() or "file")


def _group(plan: Plan) -> list[str]:
    """Who, where and how to reach the facilitators, when the group says."""
    group = plan.group
    rows = [
        ("Group", group.name),
        ("Where", group.location),
        ("Facilitator" if len(group.facilitators) == 1 else "Facilitators",
         ", ".join(group.facilitators) or None),
        ("Contact", group.contact),
    ]
    present = [(label, value) for label, value in rows if value]
    if not present:
        return []
    lines = ['<dl class="group">']
    for label, value in present:
        lines += [f"<dt>{label}</dt>", f"<dd>{_text(value or '')}</dd>"]
    lines.append("</dl>")
    return lines


def _session(entry: SessionEntry, links: list[tuple[str, str]]) -> list[str]:
    """One session: its week and title, when it meets, how long, and its files."""
    session = entry.session
    # Each piece stays whole on a narrow screen; lines break only between them.
    details = []
    if entry.meeting is not None:
        start, end = entry.meeting.time_at(0), entry.meeting.time_at(session.minutes)
        details += [entry.meeting.short_day(), f"{start}–{end}" if start and end else ""]
    details.append(f"{session.minutes} minutes")
    pieces = [f"<span>{_text(part)}</span>" for part in details if part]
    lines = [
        '<li class="session">',
        f'<h3><span class="week">{entry.label}</span> {_text(session.title)}</h3>',
        f'<p class="when">{" · ".join(pieces)}</p>',
    ]
    if session.summary:
        lines.append(f'<p class="summary">{_text(session.summary)}</p>')
    lines += _links(links)
    lines.append("</li>")
    return lines


def _links(links: list[tuple[str, str]]) -> list[str]:
    lines = ['<ul class="links">']
    lines += [f'<li><a href="{_href(path)}">{_text(label)}</a></li>' for path, label in links]
    lines.append("</ul>")
    return lines


def _help(plan: Plan) -> list[str]:
    """The crisis lines, and the course's note about confirming them."""
    course = plan.course
    lines = ["<section>", "<h2>Crisis lines</h2>", f"<p>{_text(course.emergency)}</p>",
             '<ul class="crisis">']
    for resource in course.crisis_resources:
        lines.append(f'<li><span class="region">{_text(resource.region)}</span><br>'
                     f"<strong>{_text(resource.service)}</strong><br>"
                     f"{_text(resource.contact)}</li>")
    lines.append("</ul>")
    if course.crisis_note:
        lines.append(f'<p class="note">{_text(course.crisis_note)}</p>')
    lines.append("</section>")
    return lines


def _colour(value: str, fallback: str, against: str = "FFFFFF") -> str:
    """A palette colour for CSS: six hex digits, dark enough to read on ``against``."""
    value = value.strip().lstrip("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        value = fallback
    if contrast(value, against) < MIN_CONTRAST:
        value = darkened(value, against)
    return value.upper()


def _css(plan: Plan) -> str:
    """The page's only style sheet: one column on a phone, big tap targets, the group's colours."""
    colours = plan.colours
    primary = _colour(colours.primary, COLOURS.primary)
    text = _colour(colours.text, COLOURS.text)
    muted = _colour(colours.muted, COLOURS.muted)
    accent = _colour(colours.accent, COLOURS.accent)
    rule = _plain(colours.rule, COLOURS.rule)
    light = _plain(colours.light, COLOURS.light)
    # Links sit on the light tint: keep them readable there too.
    link = primary if contrast(primary, light) >= MIN_CONTRAST else darkened(primary, light)
    return f"""
:root {{ color-scheme: light; }}
* {{ box-sizing: border-box; }}
html {{ -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{
  margin: 0 auto; max-width: 48rem; padding: 1rem 1rem 2rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue",
    Arial, sans-serif;
  font-size: 1.0625rem; line-height: 1.5; color: #{text}; background: #FFFFFF;
  overflow-wrap: break-word;
}}
h1, h2, h3 {{ color: #{primary}; line-height: 1.25; }}
h1 {{ font-size: 1.75rem; margin: 0.5rem 0 0.25rem; }}
h2 {{ font-size: 1.375rem; margin: 2rem 0 0.75rem; padding-bottom: 0.25rem;
  border-bottom: 2px solid #{primary}; }}
h3 {{ font-size: 1.125rem; margin: 0 0 0.25rem; }}
p {{ margin: 0.5rem 0; }}
.subtitle {{ font-size: 1.125rem; margin-top: 0; }}
.group {{ display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 0.75rem;
  margin: 1rem 0; }}
.group dt {{ font-weight: 700; color: #{muted}; }}
.group dd {{ margin: 0; }}
.emergency {{ border-left: 0.375rem solid #{accent}; background: #{light}; color: #{text};
  padding: 0.75rem 1rem; border-radius: 0.25rem; }}
.sessions {{ list-style: none; margin: 0; padding: 0; }}
.session {{ border: 1px solid #{rule}; border-radius: 0.5rem; padding: 0.875rem;
  margin: 0 0 1rem; }}
.week {{ display: block; font-size: 0.9375rem; font-weight: 700; color: #{accent};
  text-transform: uppercase; letter-spacing: 0.04em; }}
.when {{ color: #{muted}; margin: 0.25rem 0; }}
.when span {{ white-space: nowrap; }}
.summary {{ margin: 0.5rem 0; }}
.links {{ list-style: none; margin: 0.75rem 0 0; padding: 0; display: grid; gap: 0.5rem; }}
.links a {{
  display: flex; align-items: center; min-height: 3rem; padding: 0.625rem 1rem;
  border: 1px solid #{rule}; border-radius: 0.5rem; background: #{light};
  color: #{link}; font-weight: 600; text-decoration: underline;
  text-underline-offset: 0.2em;
}}
.links a:hover {{ border-color: #{link}; }}
.links a:focus-visible {{ outline: 3px solid #{accent}; outline-offset: 2px; }}
.crisis {{ list-style: none; padding: 0; }}
.crisis li {{ margin: 0 0 0.75rem; padding-left: 0.75rem; border-left: 3px solid #{rule}; }}
.region {{ font-size: 0.9375rem; font-weight: 700; color: #{muted}; }}
.note {{ color: #{muted}; }}
footer {{ margin-top: 2rem; padding-top: 1rem; border-top: 1px solid #{rule};
  color: #{muted}; font-size: 0.9375rem; }}
@media (min-width: 40rem) {{
  body {{ padding: 1.5rem 2rem 3rem; }}
  .session {{ padding: 1rem 1.25rem; }}
  h1 {{ font-size: 2.25rem; }}
  .links {{ grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); }}
}}
@media print {{
  .links a {{ background: none; min-height: 0; }}
}}
"""


def _plain(value: str, fallback: str) -> str:
    """A palette colour used for rules and backgrounds: six hex digits or the default."""
    value = value.strip().lstrip("#")
    return value.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", value) else fallback
