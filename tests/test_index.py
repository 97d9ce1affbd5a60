"""The group folder's index.html: every link opens a file the build wrote, and every file the
build wrote has a link; nothing is fetched from the network; plan text is escaped; and a real
browser (headless Chromium) shows the page on a phone-sized screen."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from toolkit.build import BuildResult, build
from toolkit.checked import check
from toolkit.drawing import render_course
from toolkit.outputs import OUTPUTS
from toolkit.outputs.contract import Target
from toolkit.plan import Group, Plan
from toolkit.render.index import render_index

SESSIONS = Path(__file__).parent.parent / "sessions"


class Page(HTMLParser):
    """The parts of a page the tests look at: links, sources, headings, the title and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.sources: list[str] = []
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.title = ""
        self.text: list[str] = []
        self._href: str | None = None
        self._label: list[str] = []
        self._in_title = False
        self.lang: str | None = None
        self.viewport = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        for name in ("src", "href", "action", "poster", "data", "srcset"):
            value = found.get(name)
            if value is not None and not (tag == "a" and name == "href"):
                self.sources.append(value)
        if tag == "a":
            self._href = found.get("href") or ""
            self._label = []
        if tag == "html":
            self.lang = found.get("lang")
        if tag == "meta" and found.get("name") == "viewport":
            self.viewport = found.get("content") == "width=device-width, initial-scale=1"
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._label).strip()))
            self._href = None
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._href is not None:
            self._label.append(data)
        if self._in_title:
            self.title += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    results, _report = build(SESSIONS, tmp_path_factory.mktemp("index") / "out")
    return results[0]


@pytest.fixture(scope="module")
def index(built: BuildResult) -> Path:
    return built.folder / "index.html"


@pytest.fixture(scope="module")
def page(index: Path) -> Page:
    return parse(index.read_text(encoding="utf-8"))


def test_the_build_writes_an_index(built: BuildResult, index: Path) -> None:
    assert index in built.files
    assert index.read_bytes().startswith(b"<!DOCTYPE html>")


def test_every_link_opens_a_file_in_the_folder(built: BuildResult, page: Page) -> None:
    folder = built.folder.resolve()
    assert page.links
    for href, label in page.links:
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, href
        assert not href.startswith("/"), href
        target = (folder / unquote(parts.path)).resolve()
        assert target.is_relative_to(folder), href
        assert target.is_file(), f"{label!r} links to {href}, which the build did not write"


def test_every_file_the_build_wrote_has_a_link(built: BuildResult, page: Page) -> None:
    linked = {(built.folder / unquote(href)).resolve() for href, _ in page.links}
    wrote = {path.resolve() for path in built.files if path.name != "index.html"}
    assert wrote, "the build wrote nothing"
    assert wrote - linked == set()
    assert (built.folder / "index.html").resolve() not in linked


def test_nothing_is_fetched_from_anywhere(index: Path, page: Page) -> None:
    html = index.read_text(encoding="utf-8")
    assert page.sources == []
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "<link" not in html.lower()
    assert "@import" not in html and "url(" not in html
    assert all("http" not in href for href, _ in page.links)


def test_the_page_is_a_simple_accessible_document(page: Page, built: BuildResult) -> None:
    assert page.lang == "en"
    assert page.viewport
    assert "From Hyper-Independence to Interdependence" in page.title
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    for previous, heading in zip(page.headings, page.headings[1:], strict=False):
        assert heading <= previous + 1, f"heading h{heading} follows h{previous}"
    assert "style" in page.tags
    labels = [label for _, label in page.links]
    assert "Week 3 slides (PowerPoint)" in labels
    assert "Week 1 facilitator notes (PDF)" in labels
    assert "Week 8 worksheets (PDF)" in labels
    assert "Facilitator guide (PDF)" in labels
    assert "Attendance register (PDF)" in labels
    assert len(labels) == len(set(labels)), "two links say the same thing"


def test_the_page_carries_the_help_lines_and_disclaimer(page: Page) -> None:
    text = " ".join(" ".join(page.text).split())
    assert "call your local emergency number" in text
    assert "Samaritans" in text and "Call 116 123" in text
    assert "not a substitute for care from a qualified professional" in text


def test_text_from_the_plan_is_escaped(sample_plan: Plan) -> None:
    course = sample_plan.course.model_copy(update={
        "title": "Course <script>alert(1)</script>",
        "emergency": 'Call "now" <b>&</b>',
    })
    plan = dataclasses.replace(sample_plan, course=course, group=Group(
        name="<img src=x onerror=alert(1)>", location="A & B", facilitators=("O'Neil",),
        contact="<a href='http://example.org'>me</a>"))
    html = render_index(plan).decode("utf-8")
    assert "<script>" not in html
    assert "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "O&#39;Neil" in html  # Jinja2's autoescape
    page = parse(html)
    assert page.sources == []
    assert all(not href.startswith("http") for href, _ in page.links)
    # The session title holds markup too (see conftest): it is text, not tags.
    assert "Strong &amp; &lt;b&gt;steady&lt;/b&gt;" in html


def test_a_roster_gives_numbered_workbooks_and_never_names(sample_plan: Plan) -> None:
    names = ("Zebedee Quartermain", "Ximena <Yves>")
    plan = dataclasses.replace(sample_plan, roster=names)
    html = render_index(plan).decode("utf-8")
    page = parse(html)
    for name in (*names, "Zebedee", "Ximena", "Yves"):
        assert name not in html
    links = dict((label, href) for href, label in page.links)
    assert links["Workbook 1 (PDF)"] == "workbooks/workbook-01.pdf"
    assert links["Workbook 2 (PDF)"] == "workbooks/workbook-02.pdf"
    # Every file the course renders has a link, workbooks included.
    files = {str(path) for path in render_course(plan) if path.name != "index.html"}
    assert files <= {href for href, _ in page.links}
    without = parse(render_index(sample_plan).decode("utf-8"))
    assert not any("workbooks/" in href for href, _ in without.links)


def test_links_follow_the_list_of_outputs(sample_plan: Plan) -> None:
    """Links come from OUTPUTS, so a new output is linked without editing the page."""
    page = parse(render_index(sample_plan).decode("utf-8"))
    hrefs = {href for href, _ in page.links}
    for output in OUTPUTS:
        for target in output.targets(sample_plan):
            path = output.path(sample_plan, target)
            assert (path in hrefs) == (path != "index.html"), path
    assert "week-01-sample/week-01-slides.pptx" in hrefs


def test_the_output_is_deterministic(sample_plan: Plan) -> None:
    assert render_index(sample_plan) == render_index(sample_plan)


def test_brand_colours_reach_the_page(sample_plan: Plan) -> None:
    colours = dataclasses.replace(sample_plan.branding.colours, primary="2B4C7E")
    plan = dataclasses.replace(sample_plan, branding=dataclasses.replace(
        sample_plan.branding, colours=colours))
    assert "#2B4C7E" in render_index(plan).decode("utf-8")


# A real browser ------------------------------------------------------------------------------


OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND"


def run_chromium(chromium: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-extensions", "--disable-background-networking", "--disable-sync",
         "--hide-scrollbars", "--mute-audio", f"--user-data-dir={cwd / 'profile'}", *args],
        capture_output=True, text=True, timeout=60, check=False, cwd=cwd,
    )


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_chromium_shows_the_title_and_every_session_link(
        chromium: str, index: Path, page: Page, tmp_path: Path, offline: bool) -> None:
    flags = [OFFLINE] if offline else []
    result = run_chromium(chromium, *flags, "--dump-dom", index.as_uri(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    dom = parse(result.stdout)
    assert "From Hyper-Independence to Interdependence" in " ".join(dom.text)
    hrefs = {href for href, _ in dom.links}
    plan = check(SESSIONS).plans[0]
    for output in OUTPUTS:
        for index in range(8) if output.scope == "session" else ():
            assert output.path(plan, Target(session=index)) in hrefs, (
                f"no link to week {index + 1}'s {output.name} in the browser's DOM")
    assert hrefs == {href for href, _ in page.links}


def screenshot(chromium: str, index: Path, folder: Path, *flags: str) -> Image.Image:
    """The top of the page as a phone (390 by 844 CSS pixels) shows it."""
    folder.mkdir()
    shot = folder / "phone.png"
    result = run_chromium(chromium, *flags, f"--screenshot={shot}", "--window-size=390,844",
                          index.as_uri(), cwd=folder)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.is_file(), result.stderr[-2000:]
    with Image.open(shot) as image:
        return image.convert("RGB")


def test_chromium_draws_the_page_on_a_phone_with_and_without_a_network(
        chromium: str, index: Path, tmp_path: Path) -> None:
    online = screenshot(chromium, index, tmp_path / "online")
    assert online.size == (390, 844)
    colours = online.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 1, "the screenshot is blank"
    # Headings, text and the help box, not one stray pixel: a drawn page has many colours.
    assert len(colours) > 20
    offline = screenshot(chromium, index, tmp_path / "offline", OFFLINE)
    assert offline.tobytes() == online.tobytes(), (
        "the page looks different without a network: it must be fetching something")


def test_the_groups_logo_is_carried_in_the_page() -> None:
    """The page stays one file that works offline: the logo is in it, with its alt text."""
    import base64

    from toolkit.checked import check

    sessions = Path(__file__).parent.parent / "sessions"
    group = sessions / "groups" / "tuesday-evening.yaml"
    plan = check(sessions, [group]).plans[0]
    assert plan.branding.logo is not None
    html = render_index(plan).decode("utf-8")
    source = re.search(r'<img class="logo" src="data:image/png;base64,([^"]+)" alt="([^"]+)"',
                       html)
    assert source is not None
    assert base64.b64decode(source[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert source[2].endswith(" logo")
    assert "<img" not in render_index(check(sessions).plans[0]).decode("utf-8")
