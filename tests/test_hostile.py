"""Files a user can point the toolkit at that once hung it, filled its memory or were read from
outside the course: each is now refused quickly with a message."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
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
    assert "and 94 more" in hints[0]  # of the group's own; every built-in one is listed
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


# Found when the toolkit was tried as an attacker would ----------------------------------------


def test_thousands_of_aliased_slides_are_refused_at_once(tmp_path: Path) -> None:
    """20,000 slides written as aliases of one (a 249 KB plan) kept a build going for minutes."""
    course = minimal_course(tmp_path)
    plan = course / "week-01-hello.yaml"
    text = plan.read_text(encoding="utf-8")
    aliases = "".join("      - *one\n" for _ in range(20_000))
    text = text.replace("    slides:\n      - title: Welcome\n",
                        "    slides:\n      - &one\n        title: Welcome\n", 1)
    text = text.replace("          alt: Chairs in a circle\n",
                        "          alt: Chairs in a circle\n" + aliases, 1)
    plan.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = check_in_a_child("--sessions", str(course))
    assert result.returncode == 1, result.stderr
    assert "error: 'slides' can have at most 12 entries" in result.stderr
    assert result.stderr.count(": error: ") == 1
    assert time.perf_counter() - started < 20


def test_an_unchanged_rebuild_never_reads_an_input_that_has_grown_huge(tmp_path: Path) -> None:
    """The "nothing changed" check hashed every input it had recorded, whatever its size: a
    roster grown to 30 GB took 100 s before the build said it was too large."""
    course = minimal_course(tmp_path)
    (tmp_path / "roster.txt").write_text("Ana\nBo\n", encoding="utf-8")
    group = tmp_path / "group.yaml"
    group.write_text("name: Tuesday\nroster: roster.txt\n", encoding="utf-8")
    args = ["build", "--sessions", str(course), "--group", str(group), "--out",
            str(tmp_path / "out"), "--jobs", "1"]
    assert run(*args)[0] == 0
    with (tmp_path / "roster.txt").open("r+b") as roster:  # sparse: 30 GB by its size
        roster.truncate(30 * 2**30)
    started = time.perf_counter()
    code, _, stderr = run(*args)
    assert code == 1
    assert "error: the roster file is larger than 64 KB" in stderr
    assert time.perf_counter() - started < 10


def test_a_file_changed_by_hand_is_kept_beside_its_new_version(tmp_path: Path) -> None:
    """A deck reworked in PowerPoint was overwritten by the next build without a word."""
    course = minimal_course(tmp_path)
    out = tmp_path / "out"
    args = ["build", "--sessions", str(course), "--out", str(out), "--jobs", "1"]
    assert run(*args)[0] == 0
    deck = out / "default" / "week-01-hello" / "week-01-slides.pptx"
    made = deck.read_bytes()
    deck.write_bytes(made + b"my own slide")
    code, _, stderr = run(*args)
    assert code == 0
    kept = deck.with_name("week-01-slides (your edits).pptx")
    assert kept.read_bytes() == made + b"my own slide"
    assert deck.read_bytes() == made
    assert stderr == (f"{deck}: warning: this file was changed since the toolkit made it, so "
                      "your version is kept beside the new one, as 'week-01-slides (your "
                      "edits).pptx'\n    Copy what you need from your version, then delete "
                      "it.\n1 warning.\n")
    assert run(*args)[2] == ""  # said once: the kept copy is the facilitator's own file now
    deck.write_bytes(made + b"edited again")
    run(*args)
    assert deck.with_name("week-01-slides (your edits 2).pptx").read_bytes() == \
        made + b"edited again"
    assert kept.read_bytes() == made + b"my own slide"


def test_an_empty_folder_name_is_a_usage_error(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """`--out ""` built into the folder the command ran in (in a checkout, the repository)."""
    monkeypatch.chdir(tmp_path)
    for option in ("--out", "--sessions", "--group"):
        code, _, stderr = run("build", option, "")
        assert code == 2, option
        assert f"Invalid value for '{option}': give a name, not an empty one" in stderr
    assert list(tmp_path.iterdir()) == []


def test_a_control_character_in_a_new_group_name_is_refused(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """It wrote a group file that failed its own check."""
    monkeypatch.chdir(tmp_path)
    code, _, stderr = run("new-group", "\x7fTuesday")
    assert code == 2
    assert "the name holds an invisible control character" in stderr
    assert list(tmp_path.iterdir()) == []


def test_an_out_folder_that_cannot_be_made_gets_advice_about_out(tmp_path: Path) -> None:
    """The advice was to delete .toolkit-cache, which was not there."""
    course = minimal_course(tmp_path)
    code, _, stderr = run("build", "--sessions", str(course), "--out", "/proc")
    assert code == 1
    assert ".toolkit-cache folder only remembers" not in stderr
    assert "Nothing was written." in stderr


def test_a_plan_linked_to_itself_is_named_as_such(tmp_path: Path) -> None:
    course = minimal_course(tmp_path)
    plan = course / "week-01-hello.yaml"
    plan.unlink()
    plan.symlink_to(plan.name)
    code, _, stderr = run("check", "--sessions", str(course))
    assert code == 1
    assert ("week-01-hello.yaml: error: this file is a link that leads round in a circle\n"
            "    Name the file itself, not a link to it.") in stderr


def test_the_file_system_refusing_a_path_is_a_message_not_a_fault(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder the user may not look into (here: the system says so for the output folder)
    ended as "a fault in the toolkit itself"."""
    import toolkit.lock

    def refused(path: Path) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(toolkit.lock, "check_out_folder", refused)
    course = minimal_course(tmp_path)
    code, _, stderr = run("build", "--sessions", str(course), "--out", str(tmp_path / "out"))
    assert code == 1
    assert stderr == (f"error: cannot use {tmp_path / 'out'}: Permission denied\n    Check the "
                      "name, and that you may read and write the folders it is in.\n")


def test_every_file_a_build_makes_is_listed_in_its_folder_marker() -> None:
    """An extra session's file name with ':' or '?' made a path the marker's reader refused,
    which switched off the folder's owner and the clean-up of files no longer made."""
    from toolkit.checked import check
    from toolkit.drawing import planned_jobs
    from toolkit.ownership import is_output_path

    groups = sorted((SESSIONS / "groups").glob("*.yaml"))
    for plan in check(SESSIONS, groups).plans:
        for job in planned_jobs(plan):
            assert is_output_path(job.path), job.path


def test_groups_whose_folders_meet_by_the_reserved_suffix_get_the_reason(tmp_path: Path) -> None:
    """'Default' and 'default group' both become default-group/: the hint said their names
    should differ more, when they already differ by a word."""
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text("name: Default\n", encoding="utf-8")
    second.write_text("name: default group\n", encoding="utf-8")
    code, _, stderr = run("check", "--sessions", str(SESSIONS), "--group", str(first),
                          "--group", str(second))
    assert code == 1
    assert "adds '-group' to names a folder cannot have (such as Default or CON)" in stderr


@pytest.mark.parametrize("workers", [1, 2])
def test_a_template_that_changes_after_the_check_is_a_message_not_a_fault(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    """A template swapped for a damaged file while decks are drawn was "a fault in the toolkit
    itself": it is a message naming the template, from the drawing processes too."""
    import hostile_templates as made

    import toolkit.build

    template = tmp_path / "template.pptx"
    template.write_bytes(made.base())
    group = tmp_path / "group.yaml"
    group.write_text("name: Tuesday\nbranding:\n  template: template.pptx\n", encoding="utf-8")
    real = toolkit.build.check

    def check_then_damage(*args: object, **kwargs: object) -> object:
        checked = real(*args, **kwargs)  # type: ignore[arg-type]
        template.write_bytes(b"PK\x03\x04 no longer a template")
        return checked

    monkeypatch.setattr(toolkit.build, "check", check_then_damage)
    course = minimal_course(tmp_path)
    code, _, stderr = run("build", "--sessions", str(course), "--group", str(group), "--out",
                          str(tmp_path / "out"), "--jobs", str(workers))
    assert code == 1, stderr
    assert f"{template}: error: the template" in stderr
    assert "It changed while the materials were being built" in stderr
    assert not (tmp_path / "out" / "tuesday").exists()
