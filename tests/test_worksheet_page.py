"""Each session's worksheets as a web page: the accessible path for members who use a screen
reader or need larger text than print allows. The page is read back as markup, and opened,
typed into, reloaded, erased and printed in headless Chromium."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser import Browser
from pypdf import PdfReader

from toolkit.assets import drawing_names
from toolkit.checked import check
from toolkit.model import Drawing as DrawingItem
from toolkit.outputs import OUTPUTS
from toolkit.outputs.contract import Target
from toolkit.plan import Plan
from toolkit.render.content import crisis_footers
from toolkit.render.worksheet_page import drawing_picture, render_worksheet_page

SESSIONS = Path(__file__).parent.parent / "sessions"
GROUPS = SESSIONS / "groups"
PAGE = next(output for output in OUTPUTS if output.name == "worksheets on screen")


def plans() -> list[Plan]:
    """The default course and every example group."""
    groups = sorted(GROUPS.glob("*.yaml"))
    return [check(SESSIONS).plans[0], *check(SESSIONS, groups).plans]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Every session's page for the default course and each example group, written as a
    build writes them (the page links to ``../index.html``, one folder up)."""
    written: dict[str, list[Path]] = {}
    root = tmp_path_factory.mktemp("pages")
    for plan in plans():
        name = plan.group.name or "default"
        folder = root / re.sub(r"[^a-z0-9]+", "-", name.lower())
        written[name] = []
        for index, entry in enumerate(plan.sessions):
            path = folder / PAGE.path(plan, Target(session=index))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render_worksheet_page(plan, entry))
            written[name].append(path)
    return written


class Markup(HTMLParser):
    """The parts of a page the checks below read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.headings: list[int] = []
        self.heading_texts: list[str] = []
        self.words: list[str] = []
        self._heading: list[str] | None = None
        self.controls: list[dict[str, str | None]] = []
        self.labels: dict[str, str] = {}
        self.ids: list[str] = []
        self.urls: list[str] = []
        self.policy: str | None = None
        self.style = ""
        self.script = ""
        self._label: str | None = None
        self._text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "html":
            self.lang = found.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
            self._heading = []
        elif tag in {"input", "textarea", "select", "button"}:
            self.controls.append({"tag": tag, **found})
        elif tag == "label":
            self._label, self._text = found.get("for"), []
        elif tag == "meta" and found.get("http-equiv") == "Content-Security-Policy":
            self.policy = found.get("content")
        elif tag in {"style", "script"}:
            self._in = tag
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            if found.get(name):
                self.urls.append(str(found[name]))

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.heading_texts.append(" ".join("".join(self._heading).split()))
            self._heading = None
        if tag == "label" and self._label:
            self.labels[self._label] = " ".join("".join(self._text).split())
            self._label = None
        if tag in {"style", "script"}:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._text.append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._in is None:
            self.words.append(data)
        if self._in == "style":
            self.style += data
        elif self._in == "script":
            self.script += data


def read(path: Path) -> Markup:
    parsed = Markup()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


def every_page(pages: dict[str, list[Path]]) -> list[Path]:
    return [path for paths in pages.values() for path in paths]


# The markup --------------------------------------------------------------------------------


def test_every_session_of_every_group_has_a_page(pages: dict[str, list[Path]]) -> None:
    for plan in plans():
        assert len(pages[plan.group.name or "default"]) == len(plan.sessions)


def test_every_control_has_a_label_and_ids_are_unique(pages: dict[str, list[Path]]) -> None:
    for path in every_page(pages):
        page = read(path)
        assert len(page.ids) == len(set(page.ids)), f"{path.name}: an id is used twice"
        fields = [control for control in page.controls if control["tag"] != "button"]
        assert len(fields) > 5, path.name
        for control in fields:
            label = page.labels.get(str(control.get("id")), "")
            assert label.strip(), f"{path.name}: {control} has no label"


def test_every_question_of_the_plan_is_on_its_page(pages: dict[str, list[Path]]) -> None:
    plan = check(SESSIONS).plans[0]
    for path, entry in zip(pages["default"], plan.sessions, strict=True):
        page = read(path)
        text = " ".join(" ".join(page.words).split())
        for number, sheet in enumerate(entry.session.worksheets, start=1):
            assert f"Sheet {entry.week}.{number} · Week {entry.week} {sheet.title}" \
                in page.heading_texts, sheet.title
            for item in sheet.items:
                question = getattr(item.content, "text", None)
                if question:
                    assert " ".join(question.split()) in text, f"{path.name}: {question}"


def test_headings_start_at_one_and_never_skip_a_level(pages: dict[str, list[Path]]) -> None:
    for path in every_page(pages):
        levels = read(path).headings
        assert levels[0] == 1 and levels.count(1) == 1, path.name
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{path.name}: h{before} then h{after}"


def test_the_language_is_declared(pages: dict[str, list[Path]]) -> None:
    for path in every_page(pages):
        assert read(path).lang == "en"


def test_nothing_can_be_fetched_or_sent(pages: dict[str, list[Path]]) -> None:
    """The only link leads to the group's index page beside it; pictures are carried in the
    page; the policy forbids everything else, and names the page's own style sheet and script
    by their hashes (so a changed template cannot run unnoticed with a stale policy)."""
    for path in every_page(pages):
        page = read(path)
        for url in page.urls:
            assert url.startswith("data:image/") or url in {"../index.html", "#sheets",
                                                           "#support"}, url
        assert page.policy is not None
        policy = dict(part.strip().split(" ", 1) for part in page.policy.split(";"))
        assert policy["default-src"] == "'none'"
        assert policy["form-action"] == "'none'"
        assert policy["img-src"] == "data:"
        for kind, text in (("style-src", page.style), ("script-src", page.script)):
            digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
            assert policy[kind] == f"'sha256-{digest}'", f"{path.name}: {kind}"


def test_the_page_says_nothing_is_sent_and_offers_to_erase(pages: dict[str, list[Path]]) -> None:
    text = pages["default"][0].read_text(encoding="utf-8")
    assert "This page sends nothing anywhere" in text
    assert ">Erase my answers</button>" in text
    assert ">Erase every week’s answers</button>" in text


@pytest.mark.parametrize("name", drawing_names())
def test_every_drawing_says_what_it_shows_and_how_to_answer_on_a_screen(name: str) -> None:
    """Each of the toolkit's drawings, used by the course or not yet: a description for
    people who cannot see it, and a sentence for where nobody can mark it."""
    picture = drawing_picture(name)
    assert len(picture.alt) > 20
    assert picture.on_screen.startswith("On a screen,")


def test_a_drawing_gets_a_box_for_each_part_and_its_writing_lines(
        pages: dict[str, list[Path]]) -> None:
    """Every drawing of the course is on its page with its description and the sentence for
    a screen; one with parts (the support circles' rings) gets a labelled box for each, and
    one with writing lines a box named as the PDF names its field."""
    plan = check(SESSIONS).plans[0]
    seen = 0
    for path, entry in zip(pages["default"], plan.sessions, strict=True):
        page = read(path)
        text = " ".join(" ".join(page.words).split())
        for sheet in entry.session.worksheets:
            for number, item in enumerate(sheet.items, start=1):
                content = item.content
                if not isinstance(content, DrawingItem):
                    continue
                seen += 1
                picture = drawing_picture(content.picture)
                assert picture.on_screen in text, path.name
                assert f'alt="{picture.alt}"' in path.read_text(encoding="utf-8")
                field = f"week-{entry.week:02d}-{sheet.id}-{number}-notes"
                parts = picture.parts
                for index, part in enumerate(parts, start=1):
                    assert page.labels[f"{field}-{index}"] == part
                assert (field in page.labels) == bool(content.lines or not parts), field
    assert seen == sum(isinstance(item.content, DrawingItem) for entry in plan.sessions
                       for sheet in entry.session.worksheets for item in sheet.items) > 0


def test_plan_text_is_escaped_and_names_are_never_on_the_page(tmp_path: Path) -> None:
    plan = check(SESSIONS).plans[0]
    entry = plan.sessions[0]
    sheet = entry.session.worksheets[0]
    hostile = "<script>alert(1)</script> & \"quotes\""
    changed = dataclasses.replace(entry, session=entry.session.model_copy(update={
        "worksheets": (sheet.model_copy(update={"title": hostile}),
                       *entry.session.worksheets[1:])}))
    plan = dataclasses.replace(plan, sessions=(changed, *plan.sessions[1:]),
                               roster=("Ada Lovelace-Byron",))
    html = render_worksheet_page(plan, changed).decode("utf-8")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;" in html
    assert "Lovelace" not in html


def test_a_large_print_group_gets_larger_type_and_its_paper(pages: dict[str, list[Path]]
                                                             ) -> None:
    large = next(plan for plan in plans() if plan.print.large_print)
    text = pages[large.group.name][0].read_text(encoding="utf-8")
    assert '<html lang="en" class="large-print"' in text
    assert "size: A4;" in text
    standard = pages["default"][0].read_text(encoding="utf-8")
    assert 'class="large-print"' not in standard and "size: letter;" in standard


# In a browser ------------------------------------------------------------------------------


def open_browser(chromium: str, folder: Path) -> Browser:
    return Browser(chromium, folder / "profile", "--allow-file-access-from-files",
                   "--host-resolver-rules=MAP * ~NOTFOUND")


def test_every_page_opens_with_no_console_errors_and_no_request(
        chromium: str, pages: dict[str, list[Path]], tmp_path: Path) -> None:
    with open_browser(chromium, tmp_path) as browser:
        for path in every_page(pages):
            browser.events.clear()
            browser.open(path.as_uri())
            assert browser.problems() == [], f"{path.name}: {browser.problems()}"
            leaving = [url for url in browser.requests()
                       if url != path.as_uri() and not url.startswith("data:")]
            assert leaving == [], f"{path.name} asked for {leaving}"
            # The script ran (the policy let it) and every control the browser sees is
            # labelled, by the label the markup gives it.
            unlabelled = browser.evaluate(
                "[...document.querySelectorAll('input, textarea')]"
                ".filter(c => !c.labels.length || !c.labels[0].textContent.trim())"
                ".map(c => c.id)")
            assert unlabelled == [], f"{path.name}: {unlabelled}"
            assert browser.evaluate("document.documentElement.lang") == "en"


def test_answers_come_back_after_a_reload_and_are_gone_once_erased(
        chromium: str, pages: dict[str, list[Path]], tmp_path: Path) -> None:
    path = pages["default"][0]
    with open_browser(chromium, tmp_path) as browser:
        browser.open(path.as_uri())
        browser.type_into("textarea", "My neighbour offered; I said I was fine. Łódź Ελλάδα")
        browser.click("input[type=checkbox]")
        browser.click("input[type=radio][value='7']")
        key = browser.evaluate("document.documentElement.dataset.answers")
        assert "Łódź" in browser.evaluate(f"localStorage.getItem('{key}')")
        browser.reload()
        assert browser.evaluate("document.querySelector('textarea').value") == \
            "My neighbour offered; I said I was fine. Łódź Ελλάδα"
        assert browser.evaluate("document.querySelector('input[type=checkbox]').checked")
        assert browser.evaluate("document.querySelector('input[type=radio]:checked').value") \
            == "7"
        assert "are back" in browser.evaluate("document.getElementById('answers-status')"
                                              ".textContent")
        # Erasing asks first; "No" keeps everything.
        browser.click("#erase")
        assert browser.evaluate("document.getElementById('erase-confirm').hidden") is False
        browser.click("#erase-no")
        assert browser.evaluate(f"localStorage.getItem('{key}')") is not None
        browser.click("#erase")
        browser.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": "Escape",
                                                "code": "Escape", "windowsVirtualKeyCode": 27})
        assert browser.evaluate("document.getElementById('erase-confirm').hidden") is True
        assert browser.evaluate("document.activeElement.id") == "erase"
        browser.click("#erase")
        browser.click("#erase-yes")
        assert browser.evaluate(f"localStorage.getItem('{key}')") is None
        assert browser.evaluate("document.querySelector('textarea').value") == ""
        assert "erased" in browser.evaluate("document.getElementById('answers-status')"
                                            ".textContent")
        browser.reload()
        assert browser.evaluate("document.querySelector('textarea').value") == ""
        assert browser.evaluate("document.querySelector('input:checked')") is None
        assert browser.problems() == []


def test_a_scale_answer_can_be_taken_back(
        chromium: str, pages: dict[str, list[Path]], tmp_path: Path) -> None:
    with open_browser(chromium, tmp_path) as browser:
        browser.open(pages["default"][0].as_uri())
        browser.click("input[type=radio][value='3']")
        browser.click("button.clear")
        assert browser.evaluate("document.querySelector('input[type=radio]:checked')") is None
        browser.reload()
        assert browser.evaluate("document.querySelector('input[type=radio]:checked')") is None


def test_erasing_every_week_leaves_nothing_of_any_week(
        chromium: str, pages: dict[str, list[Path]], tmp_path: Path) -> None:
    """On a shared device one button erases every week's answers, and nothing else the
    browser keeps for other pages."""
    first, second = pages["default"][:2]
    with open_browser(chromium, tmp_path) as browser:
        browser.open(first.as_uri())
        browser.type_into("textarea", "week one")
        browser.evaluate("localStorage.setItem('someone-elses-page', 'kept')")
        browser.open(second.as_uri())
        browser.type_into("textarea", "week two")
        assert browser.evaluate("localStorage.length") == 3
        browser.click("#erase-all")
        question = browser.evaluate("document.getElementById('erase-question').innerText")
        assert "every week" in question and "Week 2" not in question
        browser.click("#erase-yes")
        assert browser.evaluate("Object.keys(localStorage)") == ["someone-elses-page"]
        browser.open(first.as_uri())
        assert browser.evaluate("document.querySelector('textarea').value") == ""


def test_typing_in_a_table_never_changes_its_columns(
        chromium: str, pages: dict[str, list[Path]], tmp_path: Path) -> None:
    widths = "[...document.querySelectorAll('th')].map(th => Math.round(th.offsetWidth))"
    with open_browser(chromium, tmp_path) as browser:
        browser.open(pages["default"][0].as_uri())
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        before = browser.evaluate(widths)
        browser.type_into("td textarea", "Tuesday evening, after the long meeting " * 3)
        assert browser.evaluate(widths) == before
        assert browser.evaluate("document.querySelector('td textarea').scrollHeight <= "
                                "document.querySelector('td textarea').clientHeight + 4")


def test_two_sessions_keep_their_answers_apart(
        chromium: str, pages: dict[str, list[Path]], tmp_path: Path) -> None:
    first, second = pages["default"][:2]
    with open_browser(chromium, tmp_path) as browser:
        browser.open(first.as_uri())
        browser.type_into("textarea", "week one")
        browser.open(second.as_uri())
        assert browser.evaluate("document.querySelector('textarea').value") == ""
        browser.open(first.as_uri())
        assert browser.evaluate("document.querySelector('textarea').value") == "week one"


@pytest.mark.parametrize("group", ["default", "large"])
def test_the_page_follows_the_browsers_text_size(
        chromium: str, pages: dict[str, list[Path]], tmp_path: Path, group: str) -> None:
    """Sizes are relative: a reader who sets larger text in the browser gets it; a
    large-print group starts at 16 pt (about 21 CSS pixels) or more."""
    if group == "large":
        name = next(plan.group.name for plan in plans() if plan.print.large_print)
        path = pages[name][0]
    else:
        path = pages["default"][0]
    body = "parseFloat(getComputedStyle(document.querySelector('.instructions')).fontSize)"
    with open_browser(chromium, tmp_path) as browser:
        browser.open(path.as_uri())
        standard = browser.evaluate(body)
        browser.send("Page.setFontSizes", {"fontSizes": {"standard": 32}})
        browser.reload()
        assert browser.evaluate(body) == pytest.approx(standard * 2, rel=0.02)
    assert standard >= (16 * 4 / 3 if group == "large" else 16)


def text_sizes(pdf: PdfReader) -> list[tuple[float, int]]:
    """(size in points, characters) for each piece of text the PDF prints."""
    import math

    found: list[tuple[float, int]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            found.append((size * scale, len(text.strip())))

    for page in pdf.pages:
        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize(("group", "points", "smallest"), [("default", (612, 792), 9.5),
                                                           ("large", (595, 842), 16)])
def test_print_preview_fits_the_groups_paper(
        chromium: str, pages: dict[str, list[Path]], tmp_path: Path, group: str,
        points: tuple[int, int], smallest: float) -> None:
    """Chromium's print-to-PDF, as "Print this page" makes it, for every session: every page
    on the group's paper, nothing so wide that Chromium shrinks the page to fit (text stays
    at its size: 16 pt or more in large print), and the emergency line at each page's foot.
    The words inside a drawing are the drawing's, and its boxes name them again."""
    if group == "large":
        name = next(plan.group.name for plan in plans() if plan.print.large_print)
    else:
        name = "default"
    with open_browser(chromium, tmp_path) as browser:
        plan = next(plan for plan in plans() if (plan.group.name or "default") == name)
        first = crisis_footers(plan.course)[-1][0].split(": ", 1)[1]
        for path in pages[name]:
            browser.open(path.as_uri())
            pdf = PdfReader(io.BytesIO(browser.print_pdf()))
            check_printout(pdf, points, smallest, path.name, first)


def check_printout(pdf: PdfReader, points: tuple[int, int], smallest: float, name: str,
                   line: str) -> None:
    """Paper, type sizes, the first page, and at every page's foot the emergency sentence,
    a crisis line (``line``) and the page number."""
    sizes = text_sizes(pdf)
    total = sum(count for _, count in sizes)
    small = sum(count for size, count in sizes if size < smallest - 0.05)
    assert small <= 0.02 * total, f"{name}: {small} of {total} characters under {smallest} pt"
    assert len(pdf.pages) >= 2, name
    # The first page holds the first sheet (or "About this group"), not the header alone.
    assert len(pdf.pages[0].extract_text().split()) > 60, name
    for number, page in enumerate(pdf.pages, start=1):
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        assert size == points, f"{name}: page {number} is {size}"
        text = page.extract_text()
        assert "immediate danger" in text, f"{name}: page {number} has no emergency line"
        assert " ".join(line.split()) in " ".join(text.split()), f"{name}: page {number}"
        assert f"Page {number} of {len(pdf.pages)}" in " ".join(text.split()), name


def test_on_a_phone_nothing_is_wider_than_the_screen(
        chromium: str, pages: dict[str, list[Path]], tmp_path: Path) -> None:
    """At 390 CSS pixels (a phone held upright), in standard and large print, and with the
    browser's text at twice its size, no page scrolls sideways."""
    large = next(plan.group.name for plan in plans() if plan.print.large_print)
    with open_browser(chromium, tmp_path) as browser:
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        for path in [*pages["default"], *pages[large]]:
            browser.open(path.as_uri())
            assert browser.evaluate("document.documentElement.scrollWidth") <= 390, path
        browser.send("Page.setFontSizes", {"fontSizes": {"standard": 32}})
        for path in pages["default"]:
            browser.open(path.as_uri())
            assert browser.evaluate("document.documentElement.scrollWidth") <= 390, path


@pytest.mark.parametrize("feature", [("prefers-contrast", "more"), ("forced-colors", "active")])
def test_high_contrast_settings_are_followed(
        chromium: str, pages: dict[str, list[Path]], tmp_path: Path,
        feature: tuple[str, str]) -> None:
    """With more contrast asked for, the muted greys become black; with forced colours, the
    chosen number on a scale is still marked (in the system's highlight colours)."""
    name, value = feature
    with open_browser(chromium, tmp_path) as browser:
        browser.open(pages["default"][0].as_uri())
        browser.send("Emulation.setEmulatedMedia",
                     {"features": [{"name": name, "value": value}]})
        browser.click("input[type=radio][value='4']")
        colour = browser.evaluate("getComputedStyle(document.querySelector('.ends')).color")
        chosen = browser.evaluate(
            "getComputedStyle(document.querySelector('input:checked + span')).backgroundColor")
        other = browser.evaluate(
            "getComputedStyle(document.querySelector('input:not(:checked) + span'))"
            ".backgroundColor")
        assert browser.problems() == []
    if name == "prefers-contrast":
        assert colour == "rgb(0, 0, 0)"
    assert chosen != other, "the chosen number looks like the others"
