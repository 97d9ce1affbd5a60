"""Every file a build makes, one line each (the contract is in ``toolkit.outputs.contract``).

To add an output, write its renderer (a module under ``toolkit/render/``) and add one entry
here: its name, scope, path, what it reads, the renderer and any outputs it is made from. The
build, the cache and the index page take it from this list.
"""

from __future__ import annotations

from toolkit.outputs.contract import (
    CourseFile,
    Output,
    SessionFile,
    listing,
    member_file,
    one_member,
    one_session,
    whole_course,
    whole_course_and_roster,
)

OUTPUTS: tuple[Output, ...] = (
    Output("slides", "session", SessionFile("slides.pptx"), one_session,
           "toolkit.render.deck.slides:render_deck"),
    Output("facilitator notes", "session", SessionFile("facilitator-notes.pdf"), one_session,
           "toolkit.render.pdf.notes:render_notes"),
    Output("worksheets", "session", SessionFile("worksheets.pdf"), one_session,
           "toolkit.render.pdf.worksheets:render_worksheets"),
    Output("worksheets on screen", "session", SessionFile("worksheets.html"), one_session,
           "toolkit.render.worksheet_page:render_worksheet_page"),
    Output("handouts", "session", SessionFile("handouts.pdf"), one_session,
           "toolkit.render.pdf.handouts:render_handouts"),
    Output("facilitator guide", "course", CourseFile("facilitator-guide.pdf"), whole_course,
           "toolkit.render.pdf.books:render_guide", needs=("facilitator notes",)),
    Output("participant workbook", "course", CourseFile("participant-workbook.pdf"),
           whole_course, "toolkit.render.pdf.books:render_workbook", needs=("worksheets",)),
    Output("attendance register", "course", CourseFile("attendance-register.pdf"),
           whole_course_and_roster, "toolkit.render.pdf.register:render_register"),
    Output("index", "course", CourseFile("index.html"), listing,
           "toolkit.render.index:render_index"),
    Output("member's workbook", "member", member_file, one_member,
           "toolkit.render.pdf.books:render_member_workbook", needs=("worksheets",)),
)
