"""An organisation's own course: `toolkit copy-course` makes an editable copy, a group file
names it with `course:`, and `--sessions` still wins over every group file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.assets import course_folder
from toolkit.cli import main

WEEK_1 = "week-01-strong-but-at-what-cost.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def own_course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A facilitator's folder holding a copy of the course with week 1 retitled."""
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("copy-course", "our-course")
    assert code == 0 and "course: our-course" in out
    plan = tmp_path / "our-course" / WEEK_1
    text = plan.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    plan.write_text(text.replace(title, "title: Our own welcome", 1), encoding="utf-8")
    return tmp_path / "our-course"


def test_the_copy_holds_the_course_and_not_the_example_groups(own_course: Path) -> None:
    bundled = course_folder()
    copied = {path.relative_to(own_course) for path in own_course.rglob("*") if path.is_file()}
    expected = {path.relative_to(bundled) for path in bundled.rglob("*")
                if path.is_file() and "groups" not in path.relative_to(bundled).parts
                and "__pycache__" not in path.parts and path.name != "__init__.py"}
    assert copied == expected
    assert not (own_course / "groups").exists()


def test_a_group_file_names_its_course(own_course: Path, tmp_path: Path) -> None:
    (tmp_path / "tuesday.yaml").write_text("name: Tuesday\ncourse: our-course\n")
    code, out, err = run("list", "--group", "tuesday.yaml")
    assert code == 0, err
    assert "Our own welcome" in out
    code, out, err = run("check", "--group", "tuesday.yaml")
    assert (code, out) == (0, "Checked 9 sessions and 1 group file: no problems found.\n"), err


def test_course_is_counted_from_the_group_files_folder(own_course: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "groups").mkdir()
    (tmp_path / "groups" / "tuesday.yaml").write_text("name: Tuesday\ncourse: ../our-course\n")
    monkeypatch.chdir(tmp_path / "groups")
    code, out, err = run("show", "week-01-strong-but-at-what-cost", "--group", "tuesday.yaml")
    assert code == 0, err
    assert "Our own welcome" in out


def test_sessions_wins_over_the_group_files_course(own_course: Path, tmp_path: Path) -> None:
    (tmp_path / "tuesday.yaml").write_text("name: Tuesday\ncourse: our-course\n")
    code, out, err = run("list", "--group", "tuesday.yaml", "--sessions", str(course_folder()))
    assert code == 0, err
    assert "Our own welcome" not in out and "Strong, but at what cost" in out


def test_groups_of_one_run_must_share_a_course(own_course: Path, tmp_path: Path) -> None:
    (tmp_path / "ours.yaml").write_text("name: Ours\ncourse: our-course\n")
    (tmp_path / "plain.yaml").write_text("name: Plain\n")
    code, out, err = run("build", "--group", "ours.yaml", "--group", "plain.yaml")
    assert code == 1 and out == ""
    assert err.startswith("plain.yaml: error: this group file uses the course that comes with "
                          "the toolkit, but ours.yaml uses our-course/: one build uses one "
                          "course\n"), err
    assert not (tmp_path / "output").exists()
    (tmp_path / "plain.yaml").write_text("name: Plain\ncourse: ./our-course/\n")
    code, out, err = run("check", "--group", "ours.yaml", "--group", "plain.yaml")
    assert code == 0, err  # the same folder, written another way


def test_copy_course_never_writes_into_a_folder_with_files(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    code, _, err = run("copy-course", "taken")
    assert code == 1
    assert "it is not an empty folder" in err and "nothing in this one was changed" in err
    assert [path.name for path in (tmp_path / "taken").iterdir()] == ["notes.txt"]
    (tmp_path / "empty").mkdir()
    assert run("copy-course", "empty")[0] == 0
    assert (tmp_path / "empty" / "course.yaml").is_file()
