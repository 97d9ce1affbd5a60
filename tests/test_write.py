"""Writing outputs: all or nothing, unchanged files untouched, failures named."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path, PurePosixPath

import pytest

from toolkit.write import WriteError, write_files


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

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
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
