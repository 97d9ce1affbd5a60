"""Turn a loaded, checked course into the one resolved ``Plan`` the renderers see.

Today this is the course as written; group files (selection, dates, branding, print settings)
will overlay it here, so no renderer ever needs to know where a setting came from.
"""

from __future__ import annotations

from toolkit.load import LoadedCourse
from toolkit.plan import Plan, SessionEntry


def resolve(loaded: LoadedCourse) -> Plan:
    """The plan of the default course. Call only when loading found no errors."""
    if loaded.course is None:
        raise ValueError("resolve() needs a course that loaded without errors")
    entries = tuple(
        SessionEntry(session=item.session, slug=item.slug, source=item.path,
                     root=loaded.root.resolve())
        for item in loaded.sessions
    )
    return Plan(course=loaded.course, sessions=entries, root=loaded.root.resolve())
