"""Where a missing file was looked for: the folder as a person would type it, and close names."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.nearby import close_names, looked_for, shown


def test_a_folder_is_shown_from_here_then_from_home_then_in_full(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    (home / "private").mkdir(parents=True)
    (work / "images").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    assert shown(work) == "./"
    assert shown(work / "images") == "images/"
    assert shown(home) == "~/"
    assert shown(home / "private") == "~/private/"
    assert shown(tmp_path / "elsewhere") == f"{(tmp_path / 'elsewhere').as_posix()}/"


def test_close_names_put_the_same_name_in_another_case_first(tmp_path: Path) -> None:
    for name in ("our-logo.jpeg", "Our-Logo.PNG", "notes.txt", "our-log.png", "ourlogo.png"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "our-logo").mkdir()  # a folder is not a file's close name
    found = close_names(tmp_path, "our-logo.png")
    assert found[0] == "Our-Logo.PNG"
    assert "our-logo.jpeg" in found and "notes.txt" not in found and "our-logo" not in found
    assert len(found) == 3


def test_a_missing_folder_is_named_with_the_folders_close_to_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "images").mkdir()
    monkeypatch.chdir(tmp_path)
    assert looked_for(tmp_path / "image" / "deep" / "logo.png") == (
        "There is no folder image/; close names in this folder (./): images/.")
    assert looked_for(tmp_path / "images" / "logo.png") == (
        "Looked in images/; no file there has a close name.")


def test_a_file_in_a_folder_below_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    (tmp_path / "images" / "old").mkdir(parents=True)
    (tmp_path / "images" / "old" / "Logo.png").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    assert looked_for(tmp_path / "logo.png") == (
        "Looked in this folder (./); a file of that name is in a folder below it: "
        "images/old/Logo.png.")
