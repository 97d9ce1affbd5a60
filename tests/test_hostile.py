"""Files a user can point the toolkit at that once hung it, filled its memory or were read from
outside the course: each is now refused quickly with a message."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOTS, peak_memory, run

from toolkit.groupfile import load_group
from toolkit.yamlfile import parse_yaml

SESSIONS = Path(__file__).parent.parent / "sessions"


def check_in_a_child(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`toolkit check ...` in its own process, so a hang fails the test instead of the run."""
    return subprocess.run([sys.executable, "-m", "toolkit", "check", *args], capture_output=True,
                          text=True, timeout=timeout, check=False)


def minimal_course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    shutil.copytree(ROOTS / "minimal", course)
    return course


def test_course_file_that_is_a_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    course = minimal_course(tmp_path)
    (course / "course.yaml").unlink()
    os.mkfifo(course / "course.yaml")
    result = check_in_a_child("--sessions", str(course))
    assert result.returncode == 1, result.stderr
    assert "course.yaml: error: this is not an ordinary file (it is a device, a pipe or a " \
        "socket)" in result.stderr


def test_course_file_linked_to_an_endless_device_is_refused_at_once(tmp_path: Path) -> None:
    course = minimal_course(tmp_path)
    (course / "course.yaml").unlink()
    (course / "course.yaml").symlink_to("/dev/zero")
    result = check_in_a_child("--sessions", str(course), timeout=20)
    assert result.returncode == 1, result.stderr
    # Read, it would never end (it grew to 2.7 GB before); it is outside the course anyway.
    assert "course.yaml: error: this file is a link to a file outside the course folder" in \
        result.stderr


def test_a_roster_is_never_read_past_its_limit(tmp_path: Path) -> None:
    """A 3 GB roster was read whole before its 64 KB limit was checked."""
    roster = tmp_path / "roster.txt"
    with roster.open("wb") as huge:  # sparse: 3 GB by its size, nothing on disk
        huge.truncate(3 * 2**30)
    group = tmp_path / "group.yaml"
    group.write_text("name: Tuesday\nroster: roster.txt\n", encoding="utf-8")
    loaded, peak = peak_memory(lambda: load_group(group))
    assert [p.message for p in loaded.report.errors] == ["the roster file is larger than 64 KB"]
    assert peak < 8 * 2**20, f"{peak / 2**20:.0f} MB to refuse a roster"


def test_a_roster_that_grows_while_read_is_cut_at_the_limit(tmp_path: Path) -> None:
    """The size a file claims is not trusted: what is read stops one byte past the limit."""
    from toolkit.files import Unreadable, read_limited

    path = tmp_path / "roster.txt"
    path.write_bytes(b"Ana\n" * 20_000)
    with pytest.raises(Unreadable) as refused:
        read_limited(path, 64 * 1024)
    assert refused.value.reason == "too_large"
    assert read_limited(path, 80_000) == b"Ana\n" * 20_000


@pytest.mark.parametrize("which", ["plan", "course"])
def test_plans_linked_from_outside_the_course_are_not_read(tmp_path: Path, which: str) -> None:
    course = minimal_course(tmp_path)
    elsewhere = tmp_path / "private"
    elsewhere.mkdir()
    name = "week-01-hello.yaml" if which == "plan" else "course.yaml"
    secret = elsewhere / name
    shutil.move(course / name, secret)
    (course / name).symlink_to(secret)
    code, _, stderr = run("check", "--sessions", str(course))
    assert code == 1
    if which == "plan":
        assert "course.yaml:" in stderr and "error: week-01-hello.yaml is a link to a file " \
            "outside the course folder" in stderr
    else:
        assert "course.yaml: error: this file is a link to a file outside the course folder" \
            in stderr
    assert "Copy the file itself into the course folder instead of linking to it." in stderr


def test_a_link_inside_the_course_is_still_read(tmp_path: Path) -> None:
    course = minimal_course(tmp_path)
    (course / "plans").mkdir()
    shutil.move(course / "week-01-hello.yaml", course / "plans" / "hello.yaml")
    (course / "week-01-hello.yaml").symlink_to(course / "plans" / "hello.yaml")
    code, stdout, stderr = run("check", "--sessions", str(course))
    assert code == 0, stderr
    assert "no problems found" in stdout


def test_an_alias_repeating_a_long_text_is_refused_quickly() -> None:
    """A 1.5 MB group file of 10,000 aliases of one 1.5 MB text took `check` 94 s: the text
    written out in full is what is limited, not only the number of values."""
    text = ("name: &long \"" + "x" * 150_000 + "\"\nfacilitators:\n"
            + "".join("  - *long\n" for _ in range(40)))
    document, problems = parse_yaml(Path("group.yaml"), text.encode())
    assert document is None
    assert problems[0].message == (
        "the file's text, with every alias ('*name') written out, is more than 4,000,000 "
        "characters")
    small = "name: &short Tuesday\nfacilitators: [*short, *short]\n"
    document, problems = parse_yaml(Path("group.yaml"), small.encode())
    assert document is not None and not problems


def test_unknown_placeholder_hints_stay_short_however_many_are_defined(tmp_path: Path) -> None:
    """With thousands of placeholders, each hint listed every one of them."""
    own = "".join(f"  room-{n}: Room {n}\n" for n in range(100))
    mistakes = "".join(f"      - \"{{nothing-like-{n}}}\"\n" for n in range(20))
    group = tmp_path / "group.yaml"
    group.write_text(
        "name: Tuesday\nplaceholders:\n" + own + "changes:\n  week-01-strong-but-at-what-cost:\n"
        "    goals:\n" + mistakes + "      - \"{rooom-1}\"\n", encoding="utf-8")
    code, _, stderr = run("check", "--sessions", str(SESSIONS), "--group", str(group))
    assert code == 1
    hints = [line for line in stderr.splitlines() if line.startswith("    ")]
    assert len(hints) == 21
    assert all(len(hint) < 300 for hint in hints), max(hints, key=len)
    assert "and 99 more" in hints[0]
    assert "Did you mean '{room-1}'" in stderr


def test_a_name_that_is_not_text_writes_no_file(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A name typed in a Latin-1 terminal reaches Python as undecodable bytes: it once left an
    empty group file behind, so the next try said "File exists"."""
    monkeypatch.chdir(tmp_path)
    code, _, stderr = run("new-group", "Caf\udce9 Tuesday")
    assert code == 2
    assert "not valid text: this terminal may not be set to UTF-8" in stderr
    assert list(tmp_path.iterdir()) == []
    code, _, _ = run("new-group", "Café Tuesday")
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["cafe-tuesday.yaml"]


def test_a_group_file_that_is_a_pipe_is_named_as_one(tmp_path: Path) -> None:
    """It was "no group file here: Name the group file itself, not a folder"."""
    os.mkfifo(tmp_path / "group.yaml")
    result = check_in_a_child("--sessions", str(SESSIONS), "--group",
                              str(tmp_path / "group.yaml"))
    assert result.returncode == 1
    assert "group.yaml: error: this is not an ordinary file (it is a device, a pipe or a " \
        "socket)\n    Name a plain text file saved as UTF-8." in result.stderr
