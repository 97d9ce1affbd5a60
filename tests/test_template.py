"""Slide templates: whatever a template holds, `toolkit check` names what is wrong with it, or
the build works; and decks carry only what they need, never macros or external links.

The templates are made by tests/hostile_templates.py (python-pptx's masters, with one thing
wrong each); decks are read back with python-pptx and zipfile.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import hostile_templates as made
import pytest
from conftest import ROOTS, peak_memory, run
from pptx import Presentation

from toolkit.groupfile import template_problem
from toolkit.render.deck.layout import SLIDE_H, SLIDE_W

MINIMAL = ROOTS / "minimal"
MAX_MEMBERS, MAX_KEPT = 5000, 400
"""toolkit.template's limits, as its messages say them."""
EMU_PER_PT = 12700


def group_with(folder: Path, data: bytes, name: str = "brand.pptx") -> Path:
    """A group file naming a template with ``data`` in it, both in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    group = folder / "group.yaml"
    group.write_text(f"name: Brand Group\nbranding:\n  template: {name}\n", encoding="utf-8")
    return group


def check(group: Path) -> tuple[int, str]:
    code, stdout, stderr = run("check", "--sessions", str(MINIMAL), "--group", str(group))
    return code, stdout + stderr


def build(group: Path, out: Path, jobs: int = 1) -> tuple[int, str]:
    code, stdout, stderr = run("build", "--sessions", str(MINIMAL), "--group", str(group),
                               "--out", str(out), "--jobs", str(jobs))
    return code, stdout + stderr


def decks(out: Path) -> list[Path]:
    return sorted(out.rglob("*.pptx"))


def members(deck: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(deck) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def assert_carries_nothing_unsafe(deck: Path) -> None:
    """A deck the toolkit wrote: a plain presentation, 960 x 540 pt, with no macros, external
    links, thumbnail or printer settings, and no part larger than it could need."""
    parts = members(deck)
    types = parts["[Content_Types].xml"].decode()
    assert "presentationml.presentation.main+xml" in types
    assert "macroEnabled" not in types and "vbaProject" not in types
    assert not [name for name in parts if re.search(r"vba|thumbnail|printerSettings|customXml|"
                                                   r"fonts/|docProps/app", name, re.I)]
    for name, content in parts.items():
        assert len(content) < 2**20, name
        if name.endswith(".rels"):
            assert b'TargetMode="External"' not in content, name
    opened = Presentation(str(deck))
    assert (opened.slide_width, opened.slide_height) == (SLIDE_W * EMU_PER_PT,
                                                         SLIDE_H * EMU_PER_PT)


# ---- 1. whatever passes the check builds; what would not build is an error at check ----------


@pytest.mark.parametrize("make", [made.no_title_layout, made.damaged_layout, made.entity_bomb,
                                  made.no_content_types, made.chart_on_master,
                                  made.linked_picture],
                         ids=lambda make: make.__name__)
def test_a_template_a_deck_cannot_be_built_on_is_an_error_at_check_and_build(
        tmp_path: Path, make: Callable[[], bytes]) -> None:
    group = group_with(tmp_path / "group", make())
    code, output = check(group)
    assert code == 1, output
    assert f"{group}:3:13: error: " in output and "template" in output
    code, built = build(group, tmp_path / "out")
    assert code == 1, built
    assert "Traceback" not in built and "Sorry" not in built
    # The same message as the check, before anything was drawn or written.
    assert output.splitlines()[:2] == built.splitlines()[:2]
    assert not (tmp_path / "out").exists()


# ---- 2. bounded memory and time; only the parts a deck needs are read or copied ---------------


def test_a_part_that_unpacks_hugely_is_refused_having_read_only_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.pptx"
    path.write_bytes(made.huge_presentation(64 * 2**20))  # under 100 KB on disk
    problem, peak = peak_memory(lambda: template_problem(path))
    assert problem == ("the template is too large when unpacked: over 2 MB in its main part "
                       "(presentation.xml)",
                       "Open it in PowerPoint and save it again as a .pptx.")
    assert peak < 8 * 2**20, peak  # the part is 64 MB unpacked


def test_a_part_whose_headers_understate_its_size_is_refused(tmp_path: Path) -> None:
    data = made.declaring_size(made.huge_presentation(64 * 2**20), made.PRESENTATION, 3000)
    path = tmp_path / "lying.pptx"
    path.write_bytes(data)
    problem, peak = peak_memory(lambda: template_problem(path))
    assert problem is not None and problem[0] in (
        "the template is damaged: its main part (presentation.xml) cannot be unpacked",
        "the template is too large when unpacked: over 2 MB in its main part "
        "(presentation.xml)")
    assert peak < 8 * 2**20, peak


def test_parts_a_deck_does_not_need_are_never_read_nor_copied(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    group = group_with(tmp_path / "group", made.huge_thumbnail(64 * 2**20))
    opened: list[str] = []
    original = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, mode: str = "r",
            *args: object, **kwargs: object) -> object:
        if mode == "r":  # zipfile writes through open(..., "w") too
            opened.append(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        return original(self, name, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    code, output = check(group)
    assert code == 0, output
    code, output = build(group, tmp_path / "out")
    assert code == 0, output
    never = {"docProps/thumbnail.jpeg", "ppt/slides/slide1.xml", "docProps/app.xml",
             "ppt/notesSlides/notesSlide1.xml", "ppt/printerSettings/printerSettings1.bin"}
    assert "ppt/presentation.xml" in opened  # the spy sees the template being read
    assert not never & set(opened), sorted(never & set(opened))
    (deck,) = decks(tmp_path / "out")
    assert_carries_nothing_unsafe(deck)
    parts = members(deck)
    # The picture on the template's master is kept, once.
    assert [name for name, content in parts.items() if content == made.logo_png()] == \
        ["ppt/media/image1.png"]
    assert "The template's own slide" not in str(parts)
    assert deck.stat().st_size < 200_000


def test_a_template_of_very_many_parts_is_refused_before_they_are_listed(tmp_path: Path) -> None:
    extra = {f"junk/{number}.xml": b"" for number in range(MAX_MEMBERS + 1)}
    path = tmp_path / "many.pptx"
    path.write_bytes(made.rewrite(made.base(), {}, extra))
    assert template_problem(path) == (
        f"the template has more than {MAX_MEMBERS} parts, far more than a slide template "
        "needs", "Open it in PowerPoint and save it again as a .pptx.")


def test_a_template_with_more_layouts_than_decks_can_carry_is_refused(tmp_path: Path) -> None:
    """Every deck carries all of a template's layouts, and python-pptx reads each per deck."""
    path = tmp_path / "layouts.pptx"
    path.write_bytes(made.with_layouts(MAX_KEPT))
    assert template_problem(path) == (
        f"the template has more than {MAX_KEPT} slide masters, layouts and pictures, far more "
        "than its decks can carry", "In PowerPoint choose View > Slide Master, delete the "
        "layouts no one uses, then save the template.")
    path.write_bytes(made.with_layouts(MAX_KEPT - 40))  # with the base's own parts: under it
    assert template_problem(path) is None


TOO_DETAILED = (
    "the template's slide masters and layouts are far too detailed for its decks to carry",
    "In PowerPoint choose View > Slide Master, delete the layouts no one uses and any drawing "
    "made of very many shapes or points (or copy it and paste it back as a picture: Home > "
    "Paste > Paste Special > Picture), then save the template.")


@pytest.mark.parametrize("make", [
    lambda: made.with_drawings(26000, 4),  # 420,000 elements and attributes in 4 MB
    lambda: made.with_namespaces(37000, 11),  # 407,000 namespace declarations in 6 MB
    lambda: made.with_text(1900 * 2**10, 5),  # 9.3 MB of XML, each part under 2 MB
], ids=["points", "namespaces", "text"])
def test_a_template_whose_masters_and_layouts_cost_too_much_is_refused(
        tmp_path: Path, make: Callable[[], bytes]) -> None:
    """What a template costs grows with its elements, attributes and namespace declarations
    (and bytes of XML), not with its bytes on disk: these passed on the code before, each
    part under the 2 MB limit; test_costs.py measures what the limits let through."""
    path = tmp_path / "detailed.pptx"
    path.write_bytes(make())
    assert template_problem(path) == TOO_DETAILED


def test_pictures_beyond_the_limit_in_all_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "pictures.pptx"
    path.write_bytes(made.with_master_pictures(4 * 2**20, 4 * 2**20, 3 * 2**20))
    assert template_problem(path) == (
        "the pictures on the template's slide masters and layouts are too large: over 10 MB "
        "in all, unpacked", "In PowerPoint choose View > Slide Master, select each large "
        "picture and choose Picture Format > Compress Pictures (Web, 150 ppi, is plenty for "
        "slides), then save the template.")
    path.write_bytes(made.with_master_pictures(4 * 2**20, 4 * 2**20))
    assert template_problem(path) is None


def test_a_part_packed_as_powerpoint_never_packs_is_refused(tmp_path: Path) -> None:
    """bzip2 and lzma unpack a whole block at once, beyond any limit read in pieces."""
    path = tmp_path / "bzip2.pptx"
    path.write_bytes(made.rewrite(made.base(), {}, method={
        made.MASTER: zipfile.ZIP_BZIP2}))
    assert template_problem(path) == (
        "the template is damaged: its slide master cannot be unpacked (PowerPoint never packs a "
        "file this way)", "Open it in PowerPoint and save it again as a .pptx.")


# ---- 3. no macros, no external links ---------------------------------------------------------


def test_a_macro_enabled_template_gives_plain_decks_with_a_warning(tmp_path: Path) -> None:
    group = group_with(tmp_path / "group", made.macro_enabled())
    code, output = build(group, tmp_path / "out")
    assert code == 0, output
    assert f"{group}:3:13: warning: the template holds macros (VBA)" in output
    (deck,) = decks(tmp_path / "out")
    assert_carries_nothing_unsafe(deck)


def test_links_to_web_pages_are_left_out_of_decks_with_a_warning(tmp_path: Path) -> None:
    group = group_with(tmp_path / "group", made.hyperlinked())
    code, output = build(group, tmp_path / "out", jobs=2)  # drawn in other processes too
    assert code == 0, output
    assert "warning: the template's slide master has links to web pages" in output
    (deck,) = decks(tmp_path / "out")
    assert_carries_nothing_unsafe(deck)
    master = members(deck)["ppt/slideMasters/slideMaster1.xml"]
    assert b"hlinkClick" not in master
    assert b"Click to edit Master title style" in master  # the linked text itself stays


def test_clicks_that_run_a_macro_or_a_program_are_left_out_with_warnings(tmp_path: Path
                                                                        ) -> None:
    group = group_with(tmp_path / "group", made.actions())
    code, output = build(group, tmp_path / "out")
    assert code == 0, output
    assert "warning: the template holds macros (VBA): the decks are made without them" in output
    assert "warning: the template's slide master has links to web pages, files or programs" in \
        output
    (deck,) = decks(tmp_path / "out")
    assert_carries_nothing_unsafe(deck)
    master = members(deck)["ppt/slideMasters/slideMaster1.xml"]
    assert b"ppaction://macro" not in master and b"ppaction://program" not in master
    assert b'name="Brand mark"' in master  # the picture itself stays


def test_an_inserted_and_linked_picture_keeps_its_copy_and_loses_its_link(tmp_path: Path
                                                                          ) -> None:
    group = group_with(tmp_path / "group", made.embedded_and_linked_picture())
    code, output = build(group, tmp_path / "out")
    assert code == 0, output
    assert "warning: the template's slide master has pictures linked to files outside it" in \
        output
    (deck,) = decks(tmp_path / "out")
    assert_carries_nothing_unsafe(deck)
    master = members(deck)["ppt/slideMasters/slideMaster1.xml"].decode()
    assert master.count("r:embed=") == 2 and "r:link=" not in master


def test_a_picture_fetched_from_the_web_is_refused_with_how_to_remove_it(tmp_path: Path
                                                                         ) -> None:
    group = group_with(tmp_path / "group", made.linked_picture())
    code, output = check(group)
    assert code == 1
    assert ("error: one of the template's slide layouts shows a picture fetched from outside "
            "the file") in output
    assert "Insert > Pictures > This Device" in output


# ---- 4. the slide size is read as XML ----------------------------------------------------------


def test_a_slide_size_written_height_first_is_read(tmp_path: Path) -> None:
    group = group_with(tmp_path / "group", made.slide_size_cy_first())
    code, output = check(group)
    assert code == 0 and "no problems found" in output, output
    code, output = build(group, tmp_path / "out")
    assert code == 0, output
    (deck,) = decks(tmp_path / "out")
    assert_carries_nothing_unsafe(deck)
    # A 4:3 size written height first is still seen to be 4:3.
    square = made.rewrite(made.slide_size_cy_first(), {made.PRESENTATION: lambda xml: xml.replace(
        b'cy="6858000" cx="12192000"', b'cy="6858000" cx="9144000"')})
    code, output = check(group_with(tmp_path / "square", square))
    assert code == 1 and "error: the template's slides are not widescreen (16:9)" in output


def test_a_template_from_the_corpus_builds_as_it_checks(tmp_path: Path) -> None:
    """A template that passes the check builds: the plain one, and a .potx."""
    potx = made.rewrite(made.base(), {made.TYPES: lambda types: types.replace(
        b"presentation.main+xml", b"template.main+xml")})
    for name, data in (("brand.pptx", made.base()), ("brand.potx", potx)):
        group = group_with(tmp_path / name, data, name)
        assert check(group)[0] == 0
        code, output = build(group, tmp_path / name / "out")
        assert code == 0, output
        (deck,) = decks(tmp_path / name / "out")
        assert_carries_nothing_unsafe(deck)
        assert Presentation(io.BytesIO(deck.read_bytes())).slides[0].slide_layout.name == \
            "Title Slide"
