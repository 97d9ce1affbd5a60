"""`toolkit check`: every problem in every file, in one run, each message pinned."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOTS, run

BROKEN_REPORT = (Path(__file__).parent / "expected" / "broken-check.txt").read_text()


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run commands from the repository root, as the README does."""
    root = Path(__file__).parent.parent
    monkeypatch.chdir(root)
    return root



def test_broken_course_reports_every_problem_sorted(in_repo: Path) -> None:
    code, out, err = run("check", "--sessions", "tests/roots/broken")
    assert code == 1
    assert err == BROKEN_REPORT
    assert out == ""


def test_minimal_course_is_clean(in_repo: Path) -> None:
    code, out, err = run("check", "--sessions", "tests/roots/minimal")
    assert (code, err) == (0, "")
    assert out == "Checked 1 session: no problems found.\n"


def test_warnings_exit_zero_unless_strict(tmp_path: Path) -> None:
    course = copy_root(tmp_path)
    (course / "week-09-extra.yaml").write_text("week: 9\n")
    code, out, err = run("check", "--sessions", str(course))
    assert code == 0
    assert "warning: 'week-09-extra.yaml' is in the folder but not in 'sessions'" in err
    assert out == "Checked 1 session: no errors, 1 warning (above).\n"
    code, _, _ = run("check", "--strict", "--sessions", str(course))
    assert code == 1


def copy_root(tmp_path: Path, name: str = "minimal") -> Path:
    target = tmp_path / name
    shutil.copytree(ROOTS / name, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def check_errors(course: Path) -> list[str]:
    code, _, err = run("check", "--sessions", str(course))
    assert code == 1
    return [line for line in err.splitlines() if ": error: " in line]


def test_agenda_short_of_the_session_length(tmp_path: Path) -> None:
    course = copy_root(tmp_path)
    edit(course / "week-01-hello.yaml", "minutes: 30", "minutes: 45")
    [error] = check_errors(course)
    assert error.endswith("week-01-hello.yaml:3:10: error: the agenda is 15 minutes short: its "
                          "items add up to 30 minutes but the session is 45 minutes")


def test_weeks_out_of_order(tmp_path: Path) -> None:
    course = copy_root(tmp_path)
    (course / "week-00-intro.yaml").write_text(
        (course / "week-01-hello.yaml").read_text().replace("week: 1", "week: 1", 1))
    edit(course / "course.yaml", "  - week-01-hello\n", "  - week-01-hello\n  - week-00-intro\n")
    [error] = check_errors(course)
    assert error.endswith("week-00-intro.yaml:1:7: error: week 1 is also the week of "
                          "week-01-hello.yaml")
    edit(course / "week-00-intro.yaml", "week: 1", "week: 0")
    _, _, err = run("check", "--sessions", str(course))
    assert "'week' must be at least 1" in err


def test_missing_and_unsupported_images(tmp_path: Path) -> None:
    course = copy_root(tmp_path)
    plan = course / "week-01-hello.yaml"
    edit(plan, "images/circle.png", "images/circles.png")
    [error] = check_errors(course)
    assert error.endswith("week-01-hello.yaml:20:17: error: the image 'images/circles.png' does "
                          "not exist")
    (course / "images" / "logo.svg").write_text("<svg/>")
    edit(plan, "images/circles.png", "images/logo.svg")
    assert check_errors(course)[0].endswith(
        "error: '.svg' pictures cannot be placed on slides")
    edit(plan, "images/logo.svg", "/etc/passwd")
    assert check_errors(course)[0].endswith(
        "error: image paths must be relative to the course folder")


def test_image_link_leading_outside_is_refused(tmp_path: Path) -> None:
    course = copy_root(tmp_path)
    outside = tmp_path / "outside.png"
    shutil.copy(course / "images" / "circle.png", outside)
    (course / "images" / "link.png").symlink_to(outside)
    edit(course / "week-01-hello.yaml", "images/circle.png", "images/link.png")
    assert check_errors(course)[0].endswith(
        "error: this image path leads outside the course folder")


def test_no_course_file(tmp_path: Path) -> None:
    code, _, err = run("check", "--sessions", str(tmp_path))
    assert code == 1
    assert "course.yaml: error: file not found" in err


def test_missing_sessions_folder(tmp_path: Path) -> None:
    code, _, err = run("check", "--sessions", str(tmp_path / "nowhere"))
    assert code == 1
    assert "error: the course folder does not exist" in err
    assert "There is no folder" in err and "nowhere/" in err
    assert "leave --sessions out" in err


def test_the_worked_example_in_the_authors_guide_is_valid(tmp_path: Path) -> None:
    course = copy_root(tmp_path)
    guide = (ROOTS.parent.parent / "sessions" / "README.md").read_text()
    start = guide.index("```yaml\n# Week 9") + len("```yaml\n")
    (course / "week-09-looking-back.yaml").write_text(guide[start:guide.index("```", start)])
    edit(course / "course.yaml", "  - week-01-hello\n",
         "  - week-01-hello\n  - week-09-looking-back\n")
    code, out, err = run("check", "--sessions", str(course))
    assert (code, err) == (0, "")
    assert out == "Checked 2 sessions: no problems found.\n"


def test_check_warns_about_a_slide_that_shrank_or_split(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(ROOTS / "minimal", course)
    plan = course / "week-01-hello.yaml"
    long_point = "A point long enough to need two lines on a slide, so the list cannot fit at all"
    plan.write_text(plan.read_text().replace(
        "        points: [Fill in the sheet]",
        "        points:\n" + f"          - {long_point}\n" * 12))
    code, out, err = run("check", "--sessions", str(course))
    assert code == 0 and "1 warning" in err and "no errors" in out
    assert "week-01-hello.yaml:29:16: warning" in err  # the slide's title
    assert "warning: the slide 'Practice' is too full:" in err
    assert "continues on 2 slides" in err or "shrank to" in err
    assert "Shorten its points, or split it into two slides" in err
    assert run("check", "--strict", "--sessions", str(course))[0] == 1


def test_an_overfull_homework_slide_is_reported_at_the_homework(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(ROOTS / "minimal", course)
    plan = course / "week-01-hello.yaml"
    long_text = "Notice one offer of help, and what your body does when it comes. " * 12
    plan.write_text(plan.read_text().replace("  text: Notice one offer of help.",
                                             f"  text: {long_text}"))
    _, _, err = run("check", "--sessions", str(course))
    assert ("week-01-hello.yaml:33:9: warning: the homework slide (the toolkit makes it from the "
            "homework) is too full") in err, err
    assert "Shorten the homework's text" in err
