"""The build cache: an unchanged rebuild reads nothing, a change redraws exactly what it
affects, and a cached or parallel build is byte-identical to a fresh sequential one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOTS, count_drawn, tree
from PIL import Image

import toolkit.build
import toolkit.cache
import toolkit.checked
from toolkit.build import build
from toolkit.cli import main
from toolkit.drawing import render_course

REPO = Path(__file__).parent.parent



def changed_names(folder: Path, before: dict[str, str]) -> set[str]:
    after = tree(folder)
    return {name for name in after if after[name] != before.get(name)}


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """The minimal course plus a second session, so a change to one can spare the other."""
    root = tmp_path / "course"
    shutil.copytree(ROOTS / "minimal", root)
    first = (root / "week-01-hello.yaml").read_text()
    (root / "week-02-again.yaml").write_text(
        first.replace("week: 1", "week: 2").replace("Hello & welcome", "Again")
        .replace("images/circle.png", "images/square.png"))
    Image.new("RGB", (40, 40), "teal").save(root / "images" / "square.png")
    course_file = root / "course.yaml"
    course_file.write_text(course_file.read_text() + "  - week-02-again\n")
    return root


def rebuild(course: Path, out: Path, **options: object) -> list[str]:
    results, _ = build(course, out, **options)  # type: ignore[arg-type]
    return sorted(str(path.relative_to(results[0].folder)) for path in results[0].changed)


def test_cached_and_parallel_builds_match_a_fresh_sequential_build(course: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out, workers=2)
    plan = toolkit.checked.check(course).plans[0]
    fresh = render_course(plan)
    folder = out / "default"
    assert {str(path) for path in fresh} == set(tree(folder))
    for path, content in fresh.items():
        assert (folder / path).read_bytes() == content, path
    (course / "week-01-hello.yaml").write_text(
        (course / "week-01-hello.yaml").read_text().replace("Settle in", "Settle in slowly"))
    build(course, out, workers=2)
    plan = toolkit.checked.check(course).plans[0]
    for path, content in render_course(plan).items():
        assert (folder / path).read_bytes() == content, path


def test_an_unchanged_rebuild_reads_no_plan(course: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build(course, out)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged rebuild read the plans")

    monkeypatch.setattr(toolkit.build, "check", no_reading)
    result = CliRunner().invoke(main, ["build", "--sessions", str(course), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "(14 files, 0 changed)" in result.stdout


def test_warnings_are_repeated_by_an_unchanged_rebuild(course: Path, tmp_path: Path) -> None:
    (course / "week-03-spare.yaml").write_text("week: 3\n")  # not listed: a warning
    out = tmp_path / "out"
    args = ["build", "--sessions", str(course), "--out", str(out)]
    first = CliRunner().invoke(main, args)
    second = CliRunner().invoke(main, args)
    assert "is in the folder but not in 'sessions'" in first.stderr
    assert second.stderr == first.stderr
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 1


def test_changing_one_plan_redraws_that_session_and_the_books(course: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    plan = course / "week-02-again.yaml"
    plan.write_text(plan.read_text().replace("Notice one offer of help.",
                                             "Notice two offers of help."))
    before = tree(out / "default")
    redrawn = rebuild(course, out)
    assert not any(name.startswith("week-01") for name in redrawn)
    assert "week-02-again/week-02-slides.pptx" in redrawn
    assert "facilitator-guide.pdf" in redrawn
    assert changed_names(out / "default", before) == set(redrawn)


def test_a_changed_picture_redraws_only_its_deck(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    Image.new("RGB", (40, 40), "orange").save(course / "images" / "square.png")
    redrawn = rebuild(course, out)
    assert "week-02-again/week-02-slides.pptx" in redrawn
    assert not any(name.startswith("week-01") for name in redrawn)


def test_course_file_changes_redraw_everything_they_reach(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    course_file = course / "course.yaml"
    course_file.write_text(course_file.read_text().replace("Call or text 988",
                                                           "Call or text 988 (24/7)"))
    redrawn = rebuild(course, out)
    for week in ("week-01-hello/week-01", "week-02-again/week-02"):
        for kind in ("slides.pptx", "worksheets.pdf", "facilitator-notes.pdf"):
            assert f"{week}-{kind}" in redrawn


def test_group_file_logo_and_roster_changes_are_seen(course: Path, tmp_path: Path) -> None:
    folder = tmp_path / "group"
    folder.mkdir()
    Image.new("RGB", (80, 40), "navy").save(folder / "logo.png")
    (folder / "roster.txt").write_text("Ana\n")
    group = folder / "group.yaml"
    group.write_text("name: Cache Group\nbranding:\n  logo: logo.png\nroster: roster.txt\n")
    out = tmp_path / "out"
    build(course, out, groups=[group])
    Image.new("RGB", (80, 40), "maroon").save(folder / "logo.png")
    redrawn = rebuild(course, out, groups=[group])
    assert "week-01-hello/week-01-slides.pptx" in redrawn
    (folder / "roster.txt").write_text("Ana\nBo\n")
    redrawn = rebuild(course, out, groups=[group])
    assert "workbooks/workbook-02.pdf" in redrawn
    assert "attendance-register.pdf" in redrawn
    assert "week-01-hello/week-01-slides.pptx" not in redrawn
    group.write_text(group.read_text() + "location: Room 9\n")
    redrawn = rebuild(course, out, groups=[group])
    assert "week-01-hello/week-01-slides.pptx" in redrawn


def test_a_new_toolkit_or_font_redraws_everything(course: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build(course, out)
    drawn = count_drawn(monkeypatch)
    before = toolkit.cache.toolkit_fingerprint()
    toolkit.cache.toolkit_fingerprint.cache_clear()
    monkeypatch.setattr(toolkit.cache, "LIBRARIES", (*toolkit.cache.LIBRARIES, "a-new-font"))
    try:
        assert toolkit.cache.toolkit_fingerprint() != before
        build(course, out, workers=1)
    finally:
        toolkit.cache.toolkit_fingerprint.cache_clear()
    assert len(drawn) == len(tree(out / "default"))


def test_an_output_edited_or_deleted_by_hand_is_drawn_again(course: Path,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    good = tree(out / "default")
    deck = out / "default" / "week-01-hello" / "week-01-slides.pptx"
    deck.write_bytes(b"edited")
    (out / "default" / "facilitator-guide.pdf").unlink()
    redrawn = rebuild(course, out)
    assert redrawn == ["facilitator-guide.pdf", "week-01-hello/week-01-slides.pptx"]
    kept = "week-01-hello/week-01-slides (your edits).pptx"  # the edit is never lost
    assert (out / "default" / kept).read_bytes() == b"edited"
    assert {name: value for name, value in tree(out / "default").items() if name != kept} == good


def test_force_draws_everything(course: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build(course, out)
    drawn = count_drawn(monkeypatch)
    build(course, out, workers=1)
    assert drawn == []
    build(course, out, force=True, workers=1)
    assert len(drawn) == len(tree(out / "default"))


def test_a_field_added_to_the_plan_redraws_the_outputs_that_read_it(
        course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys are made from the data, not from a list of fields: a field the models do not have
    today is in the key of exactly the outputs that read it, with nothing else to change."""
    import dataclasses

    import pydantic

    from toolkit.model import Session
    from toolkit.plan import Plan

    tone = {"week-02-again": "warm", "plan": "calm"}
    with_tone = pydantic.create_model("Session", __base__=Session, tone=(str, "warm"))
    plan_with_mood = dataclasses.make_dataclass("Plan", [("mood", str, "calm")], bases=(Plan,),
                                                frozen=True)
    real = toolkit.checked.customize

    def customize(*args: object) -> tuple[object, object]:
        plan, problems = real(*args)  # type: ignore[arg-type]
        assert plan is not None
        entries = tuple(dataclasses.replace(entry, session=with_tone.model_validate(
            {**entry.session.model_dump(by_alias=True), "tone": tone.get(entry.slug, "warm")}))
            for entry in plan.sessions)
        wider = plan_with_mood(**{field.name: getattr(plan, field.name)
                                  for field in dataclasses.fields(plan)}, mood=tone["plan"])
        return dataclasses.replace(wider, sessions=entries), problems

    def build_again() -> None:
        """A comment added to course.yaml gets past the "nothing changed" check, which looks
        at files only (the change here is made in code), and is in no output's data."""
        with (course / "course.yaml").open("a") as file:
            file.write("# again\n")
        build(course, out, workers=1)

    monkeypatch.setattr(toolkit.checked, "customize", customize)
    out = tmp_path / "out"
    build(course, out, workers=1)
    drawn = count_drawn(monkeypatch)
    tone["week-02-again"] = "bright"  # a new session field, changed in one session
    build_again()
    assert sorted(drawn) == sorted([
        "week-02-again/week-02-slides.pptx", "week-02-again/week-02-facilitator-notes.pdf",
        "week-02-again/week-02-worksheets.pdf", "week-02-again/week-02-worksheets.html",
        "week-02-again/week-02-handouts.pdf", "facilitator-guide.pdf", "participant-workbook.pdf", "attendance-register.pdf",
        "index.html"])
    drawn.clear()
    build_again()
    assert drawn == []  # same data, same keys
    tone["plan"] = "bright"  # a new plan-wide field: every output reads the plan
    build_again()
    assert len(drawn) == 14


def test_the_fingerprint_names_every_library_that_draws_an_output() -> None:
    """A library upgraded under a kept build changes what a fresh build would draw: every
    third-party package the renderers import is in the toolkit's fingerprint."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    distributions = packages_distributions()
    imported: set[str] = set()
    for path in (REPO / "toolkit" / "render").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and \
                not node.level else []
            imported.update(name.split(".")[0] for name in names)
    third_party = {top for top in imported
                   if top != "toolkit" and top not in sys.stdlib_module_names}
    assert {"pikepdf", "reportlab", "pptx"} <= third_party
    for top in third_party:
        assert any(name.lower() in toolkit.cache.LIBRARIES
                   for name in distributions.get(top, [top])), top
