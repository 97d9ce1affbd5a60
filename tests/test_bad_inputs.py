"""The bad-input corpus: one small file per mistake, each answered with a pinned message.

``tests/bad/plans/NAME.yaml`` replaces the one plan of a minimal course;
``tests/bad/groups/NAME.yaml`` is a group file for the shipped course, in a folder that also holds
what ``tests/bad/group-files/`` holds (a roster and pictures to name). Each ``NAME.txt`` beside
it is exactly what `toolkit check --strict` prints, so changing a message is a deliberate act: after a
deliberate change, run ``TOOLKIT_PIN=1 pytest tests/test_bad_inputs.py`` and review the diff.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOTS
from hostile_templates import HOSTILE

from toolkit.cli import main

BAD = Path(__file__).parent / "bad"
SESSIONS = Path(__file__).parent.parent / "sessions"
PLANS = sorted((BAD / "plans").glob("*.yaml"))
GROUPS = sorted((BAD / "groups").glob("*.yaml"))


def check_output(args: list[str]) -> tuple[int, str]:
    started = time.perf_counter()
    result = CliRunner().invoke(main, args)
    # Hostile input must be answered quickly (limits, not timing, are what is tested; this
    # only catches a runaway).
    assert time.perf_counter() - started < 20
    return result.exit_code, result.stdout + result.stderr


def compare(case: Path, code: int, output: str) -> None:
    assert "Traceback" not in output and "Sorry" not in output, output
    assert code == 1, output
    expected = case.with_suffix(".txt")
    if os.environ.get("TOOLKIT_PIN"):
        expected.write_text(output, encoding="utf-8")
    assert output == expected.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bad_pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pictures that look fine by name but are not: made here, not stored in the repo."""
    from PIL import Image

    folder = tmp_path_factory.mktemp("pictures")
    good = (ROOTS / "minimal" / "images" / "circle.png").read_bytes()
    (folder / "drawing.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (folder / "empty.png").write_bytes(b"")
    (folder / "truncated.png").write_bytes(good[: len(good) // 2])
    (folder / "not-a-picture.png").write_text("this is a note, not a picture")
    Image.new("RGB", (40, 30), "teal").save(folder / "really-webp.png", "WEBP")
    Image.new("1", (9000, 9000)).save(folder / "bomb.png", "PNG")
    # Pillow decodes these whole, so they have a lower limit than a plain JPEG's 40 megapixels.
    Image.new("1", (4200, 4200)).save(folder / "poster.png", "PNG")
    Image.new("L", (4200, 4200)).save(folder / "progressive.jpg", "JPEG", progressive=True)
    Image.new("RGB", (40, 30), "teal").save(folder / "photo.bmp", "BMP")
    with (folder / "huge.png").open("wb") as huge:  # sparse: 21 MB by size, nothing on disk
        huge.write(good)
        huge.truncate(21 * 2**20)
    return folder


@pytest.mark.parametrize("case", PLANS, ids=[p.stem for p in PLANS])
def test_plan_mistake(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      bad_pictures: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(ROOTS / "minimal", course)
    for picture in bad_pictures.iterdir():
        shutil.copy(picture, course / "images" / picture.name)
    (course / "images" / "folder.png").mkdir()
    os.mkfifo(course / "images" / "pipe.png")
    shutil.copy(case, course / "week-01-hello.yaml")
    monkeypatch.chdir(tmp_path)
    code, output = check_output(["check", "--strict", "--sessions", "course"])
    compare(case, code, output)


@pytest.fixture(scope="module")
def bad_templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Slide templates with one thing wrong each (tests/hostile_templates.py): made here, not
    stored in the repo."""
    folder = tmp_path_factory.mktemp("templates")
    for name, make in HOSTILE.items():
        (folder / name).write_bytes(make())
    return folder


@pytest.mark.parametrize("case", GROUPS, ids=[p.stem for p in GROUPS])
def test_group_mistake(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       bad_templates: Path) -> None:
    folder = tmp_path / "group-folder"
    folder.mkdir()
    shutil.copytree(BAD / "group-files", folder, dirs_exist_ok=True)  # a roster, pictures
    shutil.copy(case, folder / "group.yaml")
    named = case.read_text(encoding="utf-8")
    for template in bad_templates.iterdir():
        if template.name in named:
            shutil.copy(template, folder / template.name)
    for huge_name in ("huge-logo.png", "huge-template.pptx"):  # sparse: 21 MB by size
        with (folder / huge_name).open("wb") as huge:
            huge.truncate(21 * 2**20)
    with (folder / "huge-roster.txt").open("wb") as huge:  # sparse: 3 GB by size
        huge.truncate(3 * 2**30)
    (folder / "roster-folder").mkdir()
    os.mkfifo(folder / "roster-pipe.txt")
    for name in ("loop.png", "loop.txt"):  # links to themselves
        (folder / name).symlink_to(name)
    monkeypatch.chdir(folder)
    # No --sessions: the course that comes with the toolkit, or the one the group file names.
    code, output = check_output(["check", "--strict", "--group", "group.yaml"])
    compare(case, code, output)


def test_the_corpus_is_complete() -> None:
    assert len(PLANS) >= 30 and len(GROUPS) >= 12
    for case in [*PLANS, *GROUPS]:
        assert case.with_suffix(".txt").is_file(), f"{case.name} has no pinned message"


def test_roster_warnings_cite_lines_never_names() -> None:
    pinned = (BAD / "groups" / "roster-lines.txt").read_text(encoding="utf-8")
    roster = (BAD / "group-files" / "members.txt").read_text(encoding="utf-8")
    names = [line.strip() for line in roster.splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(names) == 5 and "line 4" in pinned and "line 6" in pinned and "line 7" in pinned
    for name in names:
        for word in name.split():
            assert word.casefold() not in pinned.casefold().replace("roster", ""), word
