"""Writing outputs: all or nothing, unchanged files untouched, failures named."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest

import toolkit.write
from toolkit.write import Staging, WriteError, clean_leftovers, write_files


def listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_writes_files_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    files = {PurePosixPath("a/one.pdf"): b"1", PurePosixPath("b/two.pptx"): b"2"}
    changed = write_files(tmp_path, files)
    assert listing(tmp_path) == {"a/one.pdf": b"1", "b/two.pptx": b"2"}
    assert len(changed) == 2
    assert oct((tmp_path / "a/one.pdf").stat().st_mode & 0o777) == oct(0o644)


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    files = {PurePosixPath("a/one.pdf"): b"1", PurePosixPath("a/two.pdf"): b"2"}
    write_files(tmp_path, files)
    os.utime(tmp_path / "a/one.pdf", (1_000_000, 1_000_000))
    changed = write_files(tmp_path, {**files, PurePosixPath("a/two.pdf"): b"22"})
    assert changed == [tmp_path / "a/two.pdf"]
    assert (tmp_path / "a/one.pdf").stat().st_mtime == 1_000_000


def test_file_open_elsewhere_is_named_and_nothing_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {PurePosixPath("a/one.pdf"): b"old"})

    def refuse(source: object, target: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    # What Windows says when PowerPoint holds the file open, and what a read-only folder says.
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteError) as caught:
        write_files(tmp_path, {PurePosixPath("a/one.pdf"): b"new"})
    assert "a/one.pdf" in str(caught.value)
    assert "read-only or open in another program" in caught.value.hint
    assert listing(tmp_path) == {"a/one.pdf": b"old"}


def test_disk_full_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {PurePosixPath("a/one.pdf"): b"old"})

    real_open = os.open

    def full(path: str, flags: int, mode: int = 0o777) -> int:
        if str(path).endswith(".tmp"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, mode)

    # The temporary file is where a full disk is first felt.
    monkeypatch.setattr(toolkit.write.os, "open", full)
    with pytest.raises(WriteError) as caught:
        write_files(tmp_path, {PurePosixPath("a/one.pdf"): b"new"})
    assert caught.value.hint == "The disk is full: free some space, then build again."
    assert listing(tmp_path) == {"a/one.pdf": b"old"}


def test_a_failure_part_way_keeps_every_old_file(tmp_path: Path) -> None:
    write_files(tmp_path, {PurePosixPath("a/one.pdf"): b"old1", PurePosixPath("b"): b"file"})
    # 'b' is a file, so 'b/two.pdf' cannot be created: the whole write must fail before any
    # file is replaced.
    with pytest.raises(WriteError) as caught:
        write_files(tmp_path, {PurePosixPath("a/one.pdf"): b"new1",
                               PurePosixPath("b/two.pdf"): b"new2"})
    assert "b/two.pdf" in str(caught.value)
    assert listing(tmp_path) == {"a/one.pdf": b"old1", "b": b"file"}


# A commit is all or nothing -------------------------------------------------------------------


def everything(folder: Path) -> tuple[dict[str, bytes], set[str]]:
    """Every file (hidden ones too) with its content, and every folder, below ``folder``."""
    return listing(folder), {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_dir()}


BEFORE = {"a/one.pdf": b"old1", "a/two.pdf": b"old2", "gone/three.pdf": b"old3",
          "mine.txt": b"the user's own", ".toolkit-cache/record.json": b"{}"}


def stage_a_build(folder: Path, staging: Staging | None = None) -> Staging:
    """A commit with every kind of step: a file replaced, one unchanged, one new in a new
    folder, one removed (leaving its folder empty) and the build record replaced."""
    staging = staging or Staging()
    staging.add(folder / "a" / "one.pdf", b"new1")
    staging.add(folder / "a" / "two.pdf", b"old2")
    staging.add(folder / "b" / "c" / "new.pdf", b"new")
    staging.remove(folder / "gone" / "three.pdf", folder)
    staging.add(folder / ".toolkit-cache" / "record.json", b'{"new": 1}', record=True)
    return staging


def fresh(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for name, content in BEFORE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)


def refusing_at(step: int, real: Callable[[str, str], None]) -> Callable[[str, str], None]:
    """``os.replace`` that refuses its ``step``-th rename, as Windows refuses to move a deck
    PowerPoint holds open."""
    count = [0]

    def replace(source: str, target: str) -> None:
        count[0] += 1
        if count[0] == step:
            raise PermissionError(errno.EACCES, "Permission denied")
        real(source, target)

    return replace


def test_a_commit_that_fails_at_any_step_leaves_every_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    real = os.replace
    calls: list[tuple[str, str]] = []

    def counting(source: str, target: str) -> None:
        calls.append((str(source), str(target)))
        real(source, target)

    fresh(folder)
    before = everything(folder)
    monkeypatch.setattr(toolkit.write.os, "replace", counting)
    staging = stage_a_build(folder)
    assert staging.commit() == [folder / "a/one.pdf", folder / "b/c/new.pdf",
                                folder / ".toolkit-cache/record.json"]
    files, folders = everything(folder)
    assert files == {**{k: v for k, v in BEFORE.items() if not k.startswith("gone/")},
                     "a/one.pdf": b"new1", "b/c/new.pdf": b"new",
                     ".toolkit-cache/record.json": b'{"new": 1}'}
    assert "gone" not in folders, "a folder left empty by a removal is removed"
    steps = len(calls)
    assert steps == 6  # three files moved aside, three put in place

    for failing in range(1, steps + 1):
        fresh(folder)
        monkeypatch.setattr(toolkit.write.os, "replace", refusing_at(failing, real))
        staging = stage_a_build(folder)
        try:
            with pytest.raises(WriteError) as caught:
                staging.commit()
        finally:
            staging.discard()
        named = Path(calls[failing - 1][0 if failing <= 3 else 1])
        if ".old" in named.name or ".gone" in named.name or ".tmp" in named.name:
            named = named.parent / named.name.split(".")[1]
        assert str(named) in str(caught.value), (failing, str(caught.value))
        assert caught.value.hint
        assert caught.value.outcome == "Nothing was written: every file is as it was."
        assert everything(folder) == before, f"step {failing} of {steps} failed"


def test_a_commit_interrupted_part_way_is_undone(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C in the middle of a commit leaves every file as it was, like a failure."""
    folder = tmp_path / "out"
    fresh(folder)
    before = everything(folder)
    real = os.replace
    count = [0]

    def interrupted(source: str, target: str) -> None:
        count[0] += 1
        if count[0] == 4:  # the first file put in place, after three were moved aside
            raise KeyboardInterrupt
        real(source, target)

    monkeypatch.setattr(toolkit.write.os, "replace", interrupted)
    staging = stage_a_build(folder)
    with pytest.raises(KeyboardInterrupt):
        try:
            staging.commit()
        finally:
            staging.discard()
    assert everything(folder) == before


def test_the_record_that_cannot_be_written_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    fresh(folder)
    before = everything(folder)
    real = os.replace

    def read_only(source: str, target: str) -> None:
        if str(target).endswith("record.json") and str(source).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied")
        real(source, target)

    monkeypatch.setattr(toolkit.write.os, "replace", read_only)
    staging = stage_a_build(folder)
    with pytest.raises(WriteError) as caught:
        staging.commit()
    staging.discard()
    assert str(caught.value) == f"cannot write {folder}/.toolkit-cache/record.json: " \
        "Permission denied"
    assert caught.value.hint == ("The .toolkit-cache folder only remembers what was built: "
                                 "delete it, then build again.")
    assert everything(folder) == before


def test_a_folder_in_the_way_of_a_file_is_named_before_anything_changes(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    fresh(folder)
    (folder / "b").mkdir()
    (folder / "b" / "c").write_bytes(b"a file where the build needs a folder")
    before = everything(folder)
    staging = Staging()
    with pytest.raises(WriteError) as caught:
        stage_a_build(folder, staging)
    staging.discard()
    assert everything(folder) == before
    assert str(caught.value) == (f"cannot write {folder}/b/c/new.pdf: {folder}/b/c is a file, "
                                 "but the build needs a folder there")
    assert caught.value.hint == ("Move or delete that file, or build into another folder with "
                                 "--out.")
    assert "never overwritten" not in caught.value.hint
    (folder / "b" / "c").unlink()
    (folder / "a" / "one.pdf").unlink()
    (folder / "a" / "one.pdf").mkdir()
    before = everything(folder)
    with pytest.raises(WriteError) as caught:
        stage_a_build(folder, staging)
    staging.discard()
    assert everything(folder) == before
    assert str(caught.value) == (f"{folder}/a/one.pdf is a folder, but the build needs to "
                                 "write a file there")
    assert caught.value.hint == "Move or delete that folder, or build into another folder " \
        "with --out."


def test_temporary_names_are_unique(tmp_path: Path) -> None:
    """Two builds staging the same file at once never share a temporary file."""
    first, second = Staging(), Staging()
    first.add(tmp_path / "record.json", b"first")
    second.add(tmp_path / "record.json", b"second")
    temporaries = {p.name for p in tmp_path.iterdir()}
    assert len(temporaries) == 2
    assert second.commit() == [tmp_path / "record.json"]
    assert first.commit() == [tmp_path / "record.json"]
    assert listing(tmp_path) == {"record.json": b"first"}


def test_leftovers_of_a_killed_build_are_cleaned_up(tmp_path: Path) -> None:
    folder = tmp_path / "group"
    (folder / "week-01").mkdir(parents=True)
    (folder / "week-02").mkdir(parents=True)
    (folder / "index.html").write_bytes(b"new")
    leftovers = {
        ".index.html.0a1b2c3d.old": b"old",           # replaced: the new one is in place
        "week-01/.deck.pptx.9f8e7d6c.old": b"deck",   # moved aside, not yet replaced
        "week-01/.notes.pdf.mkst_mp1.tmp": b"half",   # an earlier version's mkstemp name
        "week-02/.workbook.pdf.00112233.gone": b"x",   # being removed: the folder goes too
    }
    for name, content in leftovers.items():
        (folder / name).write_bytes(content)
    mine = {"week-01/.notes.pdf.tmp": b"not ours", ".hidden.old": b"not ours",
            "week-01/.deck.pptx.toolong99.old": b"not ours"}
    for name, content in mine.items():
        (folder / name).write_bytes(content)
    clean_leftovers(folder)
    assert listing(folder) == {"index.html": b"new", "week-01/deck.pptx": b"deck", **mine}
    assert not (folder / "week-02").exists()
