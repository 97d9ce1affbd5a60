"""How a build writes: all or nothing, its record, one group per folder, files it no longer
makes, what a killed build leaves, and two builds at once. Every test reads the folder back
byte for byte, hidden files included."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOTS, count_drawn, run
from test_write import refusing_at

import toolkit.build
import toolkit.lock
import toolkit.write
from toolkit.build import build
from toolkit.cache import MAX_RECORD_BYTES, manifest_path, read_manifest
from toolkit.ownership import MARKER

LEFTOVER = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.(tmp|old|gone)")


def everything(folder: Path) -> tuple[dict[str, bytes], set[str]]:
    """Every file below ``folder`` (hidden ones too) with its content, and every folder."""
    files = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
             if p.is_file() and p.name != "lock"}
    return files, {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_dir()}


def leftovers(folder: Path) -> list[str]:
    return [str(p.relative_to(folder)) for p in folder.rglob("*") if LEFTOVER.fullmatch(p.name)]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(ROOTS / "minimal", root)
    return root


@pytest.fixture
def group(tmp_path: Path) -> Path:
    """A group with a roster of two: a workbook each."""
    folder = tmp_path / "groups"
    folder.mkdir()
    (folder / "roster.txt").write_text("Zephyrine\nQuillon\n")
    path = folder / "group.yaml"
    path.write_text("name: Writing Test\nroster: roster.txt\n")
    return path


def add_second_session(course: Path) -> None:
    first = (course / "week-01-hello.yaml").read_text()
    (course / "week-02-again.yaml").write_text(first.replace("week: 1", "week: 2")
                                               .replace("Hello & welcome", "Again"))
    (course / "course.yaml").write_text((course / "course.yaml").read_text()
                                        + "  - week-02-again\n")


def build_args(course: Path, out: Path, *groups: Path) -> list[str]:
    args = ["build", "--sessions", str(course), "--out", str(out), "--jobs", "1"]
    for path in groups:
        args += ["--group", str(path)]
    return args


# 1. All or nothing -----------------------------------------------------------------------------


def test_a_file_that_cannot_be_replaced_at_any_step_leaves_the_build_unwritten(
    course: Path, group: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whichever file cannot be moved or put in place (a deck open in PowerPoint on Windows),
    every file stays byte for byte what it was, and nothing temporary is left."""
    out = tmp_path / "out"
    code, _, stderr = run(*build_args(course, out, group))
    assert code == 0, stderr
    before = everything(out)
    saved = tmp_path / "saved"
    shutil.copytree(out, saved, symlinks=True)
    # The next build replaces every deck and book (a new session), makes a new session folder,
    # removes both workbooks (no roster) and their folder, and replaces marker and record; and
    # week 1's notes, whose after-session checklist asks for follow-ups before the next session
    # now that it is no longer the last.
    add_second_session(course)
    group.write_text("name: Writing Test\n")

    real = os.replace
    steps: list[tuple[str, str]] = []

    def counting(source: str, target: str) -> None:
        steps.append((str(source), str(target)))
        real(source, target)

    monkeypatch.setattr(toolkit.write.os, "replace", counting)
    code, _, stderr = run(*build_args(course, out, group))
    assert code == 0, stderr
    after = everything(out)
    assert "writing-test/workbooks" not in after[1]
    assert "writing-test/week-02-again" in after[1]
    kinds = {LEFTOVER.fullmatch(Path(name).name)[2] for step in steps for name in step  # type: ignore[index]
             if LEFTOVER.fullmatch(Path(name).name)}
    assert kinds == {"tmp", "old", "gone"}  # files put in place, replaced and removed
    assert len(steps) == 21
    monkeypatch.setattr(toolkit.write.os, "replace", real)

    for failing in range(1, len(steps) + 1):
        shutil.rmtree(out)
        shutil.copytree(saved, out, symlinks=True)
        monkeypatch.setattr(toolkit.write.os, "replace", refusing_at(failing, real))
        code, _, stderr = run(*build_args(course, out, group))
        monkeypatch.setattr(toolkit.write.os, "replace", real)
        assert code == 1, (failing, stderr)
        assert everything(out) == before, f"step {failing} of {len(steps)}"
        assert leftovers(out) == []
        first, hint, outcome = stderr.splitlines()
        assert re.fullmatch(rf"error: cannot (write|remove) {re.escape(str(out))}/\S+: "
                            "Permission denied", first), first
        if "/.toolkit-cache/" in first:
            assert hint == ("    The .toolkit-cache folder only remembers what was built: "
                            "delete it, then build again.")
        else:
            assert hint == ("    The file or folder is read-only or open in another program "
                            "(such as PowerPoint or a PDF reader): close it, or choose another "
                            "folder with --out.")
        assert outcome == "Nothing was written: every file is as it was."
    code, _, stderr = run(*build_args(course, out, group))
    assert code == 0
    assert everything(out) == after


# 2. The build record cannot be written ---------------------------------------------------------


def test_a_record_that_cannot_be_put_in_place_leaves_every_output_as_it_was(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run(*build_args(course, out))[0] == 0
    before = everything(out)
    plan = course / "week-01-hello.yaml"
    plan.write_text(plan.read_text().replace("Hello & welcome", "Hello again"))
    real = os.replace

    def read_only(source: str, target: str) -> None:
        if "/.toolkit-cache/" in str(target) and str(source).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied")
        real(source, target)

    monkeypatch.setattr(toolkit.write.os, "replace", read_only)
    code, stdout, stderr = run(*build_args(course, out))
    record = manifest_path(out, course, None)
    assert code == 1
    assert stdout == ""
    assert stderr == (
        f"error: cannot write {record}: Permission denied\n"
        "    The .toolkit-cache folder only remembers what was built: delete it, then build "
        "again.\n"
        "Nothing was written: every file is as it was.\n")
    assert everything(out) == before


def test_a_folder_in_the_way_of_the_record_is_named_before_anything_is_written(
    course: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run(*build_args(course, out))[0] == 0
    record = manifest_path(out, course, None)
    record.unlink()
    record.mkdir()
    (record / "something").write_text("in the way")
    before = everything(out)
    plan = course / "week-01-hello.yaml"
    plan.write_text(plan.read_text().replace("Hello & welcome", "Hello again"))
    code, _, stderr = run(*build_args(course, out))
    assert code == 1
    assert stderr == (
        f"error: {record} is a folder, but the build needs to write a file there\n"
        "    The .toolkit-cache folder only remembers what was built: delete it, then build "
        "again.\n"
        "Nothing was written.\n")
    assert everything(out) == before
    shutil.rmtree(out / ".toolkit-cache")  # as the hint says
    code, stdout, _ = run(*build_args(course, out))
    assert code == 0
    assert "(9 files, 8 changed)" in stdout  # all but the register, which names no session
    assert read_manifest(record) is not None


def test_a_file_in_the_way_of_the_cache_folder_is_named(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".toolkit-cache").write_text("not a folder")
    code, _, stderr = run(*build_args(course, out))
    assert code == 1
    assert stderr == (
        f"error: {out}/.toolkit-cache is a file, but the build needs a folder there\n"
        "    The .toolkit-cache folder only remembers what was built: delete it, then build "
        "again.\n"
        "Nothing was written.\n")
    assert sorted(p.name for p in out.iterdir()) == [".toolkit-cache"]


# 3. A record that is not exactly what the toolkit writes is ignored ----------------------------


def _spoil(data: dict[str, object], path: str, value: object) -> dict[str, object]:
    """``data`` with the field at ``path`` (``a.b`` or ``a.*`` for every entry) replaced."""
    copy = json.loads(json.dumps(data))
    *parents, last = path.split(".")
    where = copy
    for part in parents:
        where = where[part]
    if last == "*":
        for key in where:
            where[key] = value
    else:
        where[last] = value
    return copy  # type: ignore[no-any-return]


SPOILED = {
    "outputs is a list": ("outputs", []),
    "an output entry is text": ("outputs.*", "abc"),
    "an output entry is too short": ("outputs.*", ["a" * 64]),
    "an output key is a number": ("outputs.*", [1, "a" * 64]),
    "an output leaves the folder": ("outputs", {"../../elsewhere": ["a" * 64, "b" * 64]}),
    "inputs hold a number": ("inputs.*", 5),
    "listing is text": ("listing", "week-01-hello.yaml"),
    "listing names are numbers": ("listing.*", [1, 2]),
    "the folder is a path": ("folder", "../elsewhere"),
    "the folder is absolute": ("folder", "/tmp"),
    "the folder is a number": ("folder", 7),
    "sessions is text": ("sessions", "one"),
    "sessions is true": ("sessions", True),
    "the format is text": ("format", "2"),
    "the fingerprint is a list": ("toolkit", ["x"]),
    "the marker hash is missing": ("marker", None),
    "warnings hold text": ("warnings", ["a warning"]),
    "a warning has no message": ("warnings", [{"file": "x", "line": 1, "column": 1,
                                               "hint": None, "severity": "warning"}]),
    "a warning's line is text": ("warnings", [{"file": "x", "line": "1", "column": 1,
                                               "message": "m", "hint": None,
                                               "severity": "warning"}]),
    "an extra field": ("extra", 1),
}


@pytest.mark.parametrize("spoil", SPOILED.values(), ids=SPOILED.keys())
def test_a_record_that_is_not_what_the_toolkit_writes_means_a_full_build(
    spoil: tuple[str, object], course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run(*build_args(course, out))[0] == 0
    record = manifest_path(out, course, None)
    record.write_text(json.dumps(_spoil(json.loads(record.read_text()), *spoil)))
    drawn = count_drawn(monkeypatch)
    code, stdout, stderr = run(*build_args(course, out))
    assert (code, stderr) == (0, "")
    assert stdout == f"Built 1 session into {out}/default/ (9 files, 0 changed).\n"
    assert len(drawn) == 9, "the record was ignored: every file drawn again"
    assert read_manifest(record) is not None
    drawn.clear()
    assert run(*build_args(course, out))[0] == 0
    assert drawn == []


def test_a_record_that_is_not_json_or_far_too_large_is_ignored_without_reading_it(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracemalloc

    out = tmp_path / "out"
    build(course, out, workers=1)
    record = manifest_path(out, course, None)
    for text in ("", "not json", "[" * 100_000, '{"format": 2', "\udcff".encode(
            "utf-8", "surrogatepass").decode("latin-1")):
        record.write_text(text)
        assert read_manifest(record) is None
    with record.open("wb") as huge:  # 600 MB by size, nothing on disk
        huge.truncate(600 * 2**20)
    tracemalloc.start()
    started = time.perf_counter()
    assert read_manifest(record) is None
    assert time.perf_counter() - started < 1
    assert tracemalloc.get_traced_memory()[1] < MAX_RECORD_BYTES
    tracemalloc.stop()
    drawn = count_drawn(monkeypatch)
    build(course, out, workers=1)
    assert len(drawn) == 9
    assert record.stat().st_size < 20_000


def test_a_named_pipe_as_the_record_does_not_hang(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(*build_args(course, out))[0] == 0
    record = manifest_path(out, course, None)
    record.unlink()
    os.mkfifo(record)
    done = subprocess.run([sys.executable, "-m", "toolkit", *build_args(course, out)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert record.is_file() and read_manifest(record) is not None


# 4. A copied output folder is its own -----------------------------------------------------------


def test_a_copied_output_folder_is_built_into_itself(course: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(*build_args(course, Path("out1")))[0] == 0
    shutil.copytree("out1", "out2", symlinks=True)  # cp -a
    (tmp_path / "out2" / "default" / "index.html").unlink()
    first = everything(tmp_path / "out1")
    code, stdout, _ = run(*build_args(course, Path("out2")))
    assert code == 0
    assert stdout == "Built 1 session into out2/default/ (9 files, 1 changed).\n"
    assert everything(tmp_path / "out2") == first
    assert everything(tmp_path / "out1") == first
    record = json.loads(manifest_path(Path("out2"), course, None).read_text())
    assert record["folder"] == "default"


# 5. One group per folder ------------------------------------------------------------------------


def write_group(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_a_folder_another_group_made_is_refused(course: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = write_group(tmp_path, "first.yaml", "name: Same Name\nlocation: Room 1\n")
    second = write_group(tmp_path, "second.yaml", "location: Room 2\nname: Same  name\n")
    assert run(*build_args(course, Path("out"), first))[0] == 0
    before = everything(tmp_path / "out")
    code, stdout, stderr = run(*build_args(course, Path("out"), second))
    assert code == 1
    assert stdout == ""
    assert stderr == (
        "second.yaml:2:7: error: the folder out/same-name/ holds another group's materials, so "
        "this group is not built into it\n"
        "    Give this group another name (under name:), build it into another folder with "
        "--out, or delete out/same-name/ if those materials are no longer needed.\n"
        "1 error: nothing was written.\n")
    assert everything(tmp_path / "out") == before
    # Each way out the hint offers works.
    assert run(*build_args(course, Path("elsewhere"), second))[0] == 0
    shutil.rmtree(tmp_path / "out" / "same-name")
    assert run(*build_args(course, Path("out"), second))[0] == 0
    # and now the first group is the one refused
    assert run(*build_args(course, Path("out"), first))[0] == 1


def test_a_group_is_known_by_its_name_not_its_file(course: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = write_group(tmp_path, "first.yaml", "name: Moving Group\n")
    assert run(*build_args(course, Path("out"), first))[0] == 0
    (tmp_path / "moved").mkdir()
    moved = first.rename(tmp_path / "moved" / "renamed.yaml")
    moved.write_text("name: Moving Group\nlocation: Room 3\n")
    code, stdout, _ = run(*build_args(course, Path("out"), moved))
    assert code == 0
    assert stdout == "Built 1 session into out/moving-group/ (9 files, 6 changed).\n"


def test_a_folder_without_a_marker_is_adopted(course: Path, tmp_path: Path) -> None:
    """A folder made by an earlier toolkit has no marker: it is taken over, and marked."""
    out = tmp_path / "out"
    group = write_group(tmp_path, "group.yaml", "name: Older\n")
    assert run(*build_args(course, out, group))[0] == 0
    (out / "older" / MARKER).unlink()
    other = write_group(tmp_path, "other.yaml", "name: OLDER\n")
    assert run(*build_args(course, out, other))[0] == 0
    assert (out / "older" / MARKER).is_file()
    assert run(*build_args(course, out, group))[0] == 1


def test_groups_of_one_run_that_share_a_folder_are_named_with_the_right_files(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    broken = write_group(tmp_path, "broken.yaml", "name: [\n")
    first = write_group(tmp_path, "first.yaml", "name: Tuesday Group\n")
    second = write_group(tmp_path, "second.yaml", "location: Room 2\nname: tuesday-group!\n")
    copy = write_group(tmp_path, "copy.yaml", "name: Tuesday Group\n")
    code, _, stderr = run(*build_args(course, Path("out"), broken, first, second))
    assert code == 1
    assert stderr.splitlines()[2:] == [
        "second.yaml:2:7: error: this group's name differs from the name in first.yaml only "
        "in capitals, spaces or punctuation, so both would be built into output folder "
        "'tuesday-group/'",
        "    Folder names leave those out: make the names differ in a letter or a digit.",
        "2 errors: nothing was written."]
    code, _, stderr = run(*build_args(course, Path("out"), first, copy))
    assert stderr == (
        "copy.yaml:1:7: error: this group has the same name as first.yaml, so both would be "
        "built into output folder 'tuesday-group/'\n"
        "    Give each group a name of its own under name: (a copy of a group file, for large "
        "print for example, needs one too).\n"
        "1 error: nothing was written.\n")
    code, _, stderr = run(*build_args(course, Path("out"), first, first))
    assert stderr == (
        "first.yaml:1:7: error: this group file is named twice, so it would be built twice "
        "into output folder 'tuesday-group/'\n"
        "    Name each group file once with --group.\n"
        "1 error: nothing was written.\n")
    assert not (tmp_path / "out").exists()


# 6. Files a build no longer makes ---------------------------------------------------------------


def test_files_the_build_no_longer_makes_are_removed(course: Path, group: Path,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "out"
    add_second_session(course)
    assert run(*build_args(course, out, group))[0] == 0
    folder = out / "writing-test"
    (folder / "my-notes.txt").write_text("the facilitator's own file")
    (folder / "week-02-again" / "my-copy.pdf").write_text("kept: not made by the toolkit")
    assert (folder / "workbooks" / "workbook-02.pdf").is_file()
    # No roster any more, and only the first session.
    group.write_text("name: Writing Test\nsessions: [week-01-hello]\n")
    code, stdout, stderr = run(*build_args(course, out, group))
    assert code == 0, stderr
    assert stderr == ""
    # Week 1's notes change too: their after-session checklist is now the last session's.
    assert stdout == f"Built 1 session into {folder}/ (9 files, 5 changed; removed 7 it no longer makes).\n"
    files, folders = everything(folder)
    assert sorted(folders) == ["week-01-hello", "week-02-again"]
    assert sorted(files) == [
        MARKER, "attendance-register.pdf", "facilitator-guide.pdf", "index.html",
        "my-notes.txt", "participant-workbook.pdf", "week-01-hello/week-01-facilitator-notes.pdf",
        "week-01-hello/week-01-handouts.pdf", "week-01-hello/week-01-slides.pptx",
        "week-01-hello/week-01-worksheets.html", "week-01-hello/week-01-worksheets.pdf",
        "week-02-again/my-copy.pdf"]
    assert leftovers(out) == []


def test_a_file_changed_since_the_toolkit_made_it_is_kept_with_a_warning(
    course: Path, group: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run(*build_args(course, out, group))[0] == 0
    workbook = out / "writing-test" / "workbooks" / "workbook-01.pdf"
    workbook.write_bytes(workbook.read_bytes() + b"% annotated by hand\n")
    group.write_text("name: Writing Test\n")
    warning = (f"{workbook}: warning: the build no longer makes this file, which an earlier "
               "build made, but it was changed since, so it is kept\n"
               "    Delete it yourself if it is no longer needed.\n"
               "1 warning.\n")
    for _ in range(2):  # said again by every build, the unchanged one too
        code, _, stderr = run(*build_args(course, out, group))
        assert code == 0
        assert stderr == warning
    assert sorted(p.name for p in workbook.parent.iterdir()) == ["workbook-01.pdf"]
    code, _, stderr = run(*build_args(course, out, group), "--strict")
    assert code == 1
    assert stderr == warning
    workbook.unlink()
    code, _, stderr = run(*build_args(course, out, group), "--force")
    assert code == 0 and stderr == ""
    marker = json.loads((out / "writing-test" / MARKER).read_text())
    assert "workbooks/workbook-01.pdf" not in marker["files"]


# 7. A killed build -------------------------------------------------------------------------------

KILLED_AT_RENAME = textwrap.dedent("""
    import os, signal, sys
    real = os.replace
    count = [0]
    def replace(source, target):
        count[0] += 1
        if count[0] == int(sys.argv[1]):
            os.kill(os.getpid(), signal.SIGKILL)
        real(source, target)
    os.replace = replace
    from toolkit.cli import main
    main(sys.argv[2:])
""")


def test_a_build_killed_at_any_moment_is_cleaned_up_by_the_next(
    course: Path, group: Path, tmp_path: Path
) -> None:
    out, reference = tmp_path / "out", tmp_path / "reference"
    assert run(*build_args(course, out, group))[0] == 0
    saved = tmp_path / "saved"
    shutil.copytree(out, saved, symlinks=True)
    add_second_session(course)
    group.write_text("name: Writing Test\n")
    assert run(*build_args(course, reference, group))[0] == 0
    expected = everything(reference)

    def killed(command: list[str], after: float | None = None) -> bool:
        """Run ``command`` on the saved folder, killed at its n-th rename or ``after``
        seconds; then build again. True if it was killed before it finished."""
        shutil.rmtree(out)
        shutil.copytree(saved, out, symlinks=True)
        process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        if after is not None:
            time.sleep(after)
            os.killpg(process.pid, signal.SIGKILL)  # the build and its drawing processes
        process.wait(timeout=120)
        code, _, stderr = run(*build_args(course, out, group))
        assert code == 0, stderr
        assert leftovers(out) == []
        assert everything(out) == expected
        return process.returncode == -signal.SIGKILL

    args = build_args(course, out, group)
    # At the steps of the commit (19 renames: 8 files moved aside, then 11 put in place): the
    # first and last of each half, and the marker and record at the very end.
    for step in (1, 5, 8, 9, 14, 18, 19):
        assert killed([sys.executable, "-c", KILLED_AT_RENAME, str(step), *args])
    # And at moments while starting, drawing and staging, with worker processes.
    command = [sys.executable, "-m", "toolkit", *args, "--jobs", "2", "--force"]
    started = time.perf_counter()
    assert not killed(command, None)
    whole = time.perf_counter() - started
    # Moments spread over the first two thirds: a build timed while the machine was busy can
    # run faster the next time, and one that finishes first is not killed at all.
    kills = [killed(command, whole * fraction) for fraction in (0.15, 0.3, 0.45, 0.6)]
    assert sum(kills) >= 3, "the build finished before it could be killed"


def test_leftovers_of_a_build_killed_before_an_unchanged_rebuild_are_cleaned_up(
    course: Path, tmp_path: Path
) -> None:
    """A build killed before its commit changed nothing; when its change is undone, the next
    build has nothing to draw, and still removes the killed build's temporary files."""
    out = tmp_path / "out"
    assert run(*build_args(course, out))[0] == 0
    before = everything(out)
    plan = course / "week-01-hello.yaml"
    original = plan.read_text()
    plan.write_text(original.replace("Hello & welcome", "Hello again"))
    process = subprocess.run([sys.executable, "-c", KILLED_AT_RENAME, "1",
                              *build_args(course, out)], capture_output=True)
    assert process.returncode == -signal.SIGKILL
    assert len(leftovers(out)) == 11  # 8 outputs, marker and record staged; 1 backup name
    plan.write_text(original)
    code, stdout, _ = run(*build_args(course, out))
    assert code == 0 and "(9 files, 0 changed)" in stdout
    assert leftovers(out) == []
    assert everything(out) == before


def test_leftovers_of_an_earlier_toolkit_are_cleaned_up(course: Path, tmp_path: Path) -> None:
    """Earlier versions named their temporary files by tempfile.mkstemp; ten kills left
    a hundred of them."""
    out = tmp_path / "out"
    assert run(*build_args(course, out))[0] == 0
    before = everything(out)
    for number in range(10):
        (out / "default" / f".index.html.ab{number}de_gh.tmp").write_bytes(b"half a file")
        (out / "default" / "week-01-hello" / f".week-01-slides.pptx.x{number}yz1234.tmp"
         ).write_bytes(b"half")
    (out / ".toolkit-cache" / "0123456789abcdef01234567.tmp").write_bytes(b"{")  # fixed name
    code, stdout, _ = run(*build_args(course, out))
    assert code == 0 and "(9 files, 0 changed)" in stdout
    assert leftovers(out) == []
    assert everything(out) == before


# 8. Two builds at once ----------------------------------------------------------------------------

HOLD_THE_LOCK = textwrap.dedent("""
    import sys
    from pathlib import Path
    from toolkit.lock import build_lock
    with build_lock(Path(sys.argv[1])):
        print("held", flush=True)
        sys.stdin.read()
""")


def test_a_second_build_waits_then_says_another_is_writing(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run(*build_args(course, out))[0] == 0
    plan = course / "week-01-hello.yaml"
    plan.write_text(plan.read_text().replace("Hello & welcome", "Hello again"))
    before = everything(out)
    monkeypatch.setattr(toolkit.lock, "WAIT", 0.5)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(out)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        started = time.perf_counter()
        code, stdout, stderr = run(*build_args(course, out))
        assert time.perf_counter() - started >= 0.5
        assert code == 1
        assert stderr == (f"error: another build is writing into {out} right now\n"
                          "    Wait for it to finish, then build again.\n"
                          "Nothing was written.\n")
        assert everything(out) == before
    finally:
        holder.kill()  # the operating system releases the lock of a killed process
        holder.wait()
    code, stdout, _ = run(*build_args(course, out))
    assert code == 0 and "(9 files, 8 changed)" in stdout


HOLD_THEN_FORK = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from toolkit.lock import build_lock
    with build_lock(Path(sys.argv[1])):
        child = os.fork()  # as the pool of drawing processes is made, holding the lock
        if child == 0:
            time.sleep(120)
            os._exit(0)
        print(child, flush=True)
        sys.stdin.read()
""")


def test_a_killed_build_whose_drawing_processes_live_on_leaves_no_lock(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killing only the build's own process (not its process group) leaves its drawing
    processes running; they must not keep the folder locked."""
    out = tmp_path / "out"
    monkeypatch.setattr(toolkit.lock, "WAIT", 0.5)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THEN_FORK, str(out)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    child = int(holder.stdout.readline())
    try:
        assert run(*build_args(course, out))[0] == 1  # held
        holder.kill()
        holder.wait()
        os.kill(child, 0)  # the forked process lives on
        code, stdout, stderr = run(*build_args(course, out))
        assert code == 0, stderr
        assert stdout.startswith("Built 1 session into ")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)


SLOW_RENAMES = textwrap.dedent("""
    import os, sys, time
    real = os.replace
    def replace(source, target):
        time.sleep(0.3 if str(target).endswith(".json") else 0.02)
        real(source, target)
    os.replace = replace
    from toolkit.cli import main
    main(sys.argv[1:])
""")


def test_builds_at_once_do_not_break_each_other(course: Path, group: Path,
                                                tmp_path: Path) -> None:
    """Each build's renames are slowed down (the records' most), so that their writing
    overlaps."""
    out, reference = tmp_path / "out", tmp_path / "reference"
    assert run(*build_args(course, reference, group))[0] == 0
    command = [sys.executable, "-c", SLOW_RENAMES, *build_args(course, out, group)]
    builds = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True) for _ in range(4)]
    for process in builds:
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        assert stdout.startswith("Built 1 session into ")
    assert leftovers(out) == []
    assert everything(out / "writing-test") == everything(reference / "writing-test")
    assert len(list((out / ".toolkit-cache").glob("*.json"))) == 1
    assert read_manifest(manifest_path(out, course, group)) is not None


def test_the_record_has_no_fixed_temporary_name(course: Path, tmp_path: Path) -> None:
    """Something at the name an earlier toolkit always wrote the record through is no
    obstacle: every temporary name is new."""
    out = tmp_path / "out"
    record = manifest_path(out, course, None)
    record.with_suffix(".tmp").mkdir(parents=True)
    code, _, stderr = run(*build_args(course, out))
    assert code == 0, stderr
    assert read_manifest(record) is not None


# 9. Where the materials go cannot be a file ---------------------------------------------------


def test_out_that_is_a_file_is_named_with_what_to_do(course: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("a file")
    code, stdout, stderr = run(*build_args(course, Path("notes.txt")))
    assert (code, stdout) == (1, "")
    assert stderr == ("error: --out notes.txt is a file, not a folder\n"
                      "    Name a folder for the materials with --out (it is made if it is not "
                      "there yet).\n"
                      "Nothing was written.\n")
    code, _, stderr = run(*build_args(course, Path("notes.txt/materials")))
    assert code == 1
    assert stderr.splitlines()[0] == ("error: --out notes.txt/materials cannot be made: "
                                      "notes.txt is a file, not a folder")
    assert Path("notes.txt").read_text() == "a file"


def test_a_file_or_folder_in_the_way_is_named_with_what_to_do(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("out").mkdir()
    Path("out/default").write_text("a file where the group's folder goes")
    code, _, stderr = run(*build_args(course, Path("out")))
    assert code == 1
    first, hint, outcome = stderr.splitlines()
    assert re.fullmatch(r"error: cannot write out/default/\S+: out/default is a file, but the "
                        "build needs a folder there", first)
    assert hint == "    Move or delete that file, or build into another folder with --out."
    assert "never overwritten" not in stderr
    assert outcome == "Nothing was written."
    Path("out/default").unlink()
    Path("out/default/index.html").mkdir(parents=True)
    code, _, stderr = run(*build_args(course, Path("out")))
    assert stderr == ("error: out/default/index.html is a folder, but the build needs to "
                      "write a file there\n"
                      "    Move or delete that folder, or build into another folder with "
                      "--out.\n"
                      "Nothing was written.\n")
    assert sorted(str(p) for p in Path("out").rglob("*") if "cache" not in str(p)) == [
        "out/default", "out/default/index.html"]
