"""The command line: help, usage errors, schema, list, and faults that are ours."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOTS, run

import toolkit.build


def test_help_lists_the_commands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for command in ("build", "check", "list", "schema"):
        assert f"  {command} " in out


def test_wrong_usage_exits_2() -> None:
    assert run("bild")[0] == 2
    assert run("build", "--nonsense")[0] == 2


def test_schema_is_json_schema_of_a_plan() -> None:
    code, out, _ = run("schema")
    schema = json.loads(out)
    assert code == 0
    assert set(schema["required"]) >= {"week", "title", "minutes", "goals", "agenda"}
    assert schema["additionalProperties"] is False
    scale = schema["$defs"]["Scale"]["properties"]
    assert {"from", "to"} <= set(scale)
    course = json.loads(run("schema", "course")[1])
    assert "crisis_resources" in course["properties"]


def test_list_prints_weeks_in_order() -> None:
    code, out, _ = run("list", "--sessions", str(ROOTS / "minimal"))
    assert code == 0
    assert out == ("Week  1   30 min  Hello & welcome\n"
                   "                  week-01-hello\n"
                   "Under each title: its name, as a group file's sessions: and changes: take it.\n")


def test_list_with_errors_exits_1() -> None:
    code, out, err = run("list", "--sessions", str(ROOTS / "broken"))
    assert code == 1
    assert "error:" in err and out == ""


def test_a_fault_of_ours_apologises_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal detail")

    monkeypatch.setattr(toolkit.build, "build", broken)
    code, _, err = run("build", "--sessions", str(ROOTS / "minimal"), "--out", str(tmp_path))
    assert code == 3
    assert err.startswith("Sorry: the toolkit failed because of a fault in the toolkit itself")
    assert "Traceback" not in err and "internal detail" not in err
    code, _, err = run("--debug", "build", "--sessions", str(ROOTS / "minimal"), "--out",
                       str(tmp_path))
    assert code == 3
    assert "Traceback" in err and "RuntimeError: internal detail" in err


def on_a_terminal(args: list[str], cwd: Path) -> str:
    """What the installed toolkit writes when its output is a terminal (a pseudo-terminal)."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    toolkit = Path(sys.executable).parent / "toolkit"
    process = subprocess.Popen([str(toolkit), *args], cwd=cwd, stdin=subprocess.DEVNULL,
                               stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=300)
    os.close(leader)
    assert process.returncode == 0, b"".join(chunks).decode(errors="replace")
    return b"".join(chunks).decode(errors="replace")


def test_a_build_on_a_terminal_shows_its_progress_and_elsewhere_stays_plain(
        tmp_path: Path) -> None:
    """Files done of the total and the group drawn, while drawing on a terminal; none with
    --quiet, and none when the output is not a terminal (a log, a pipe)."""
    import subprocess
    import sys

    course = ROOTS / "minimal"
    shown = on_a_terminal(["build", "--sessions", str(course), "--out", "out"], tmp_path)
    assert "Drawing" in shown and "9/9" in shown and "default" in shown
    quiet = on_a_terminal(["build", "--sessions", str(course), "--out", "out", "--force",
                           "--quiet"], tmp_path)
    assert "Drawing" not in quiet and "Built 1 session" in quiet
    piped = subprocess.run([str(Path(sys.executable).parent / "toolkit"), "build",
                            "--sessions", str(course), "--out", "out", "--force"],
                           cwd=tmp_path, capture_output=True, text=True, check=True)
    assert piped.stderr == "" and piped.stdout.startswith("Built 1 session")


def test_a_group_file_typed_without_group_is_named_with_the_fix() -> None:
    for command in (["check"], ["build"], ["list"], ["show", "week-01-strong-but-at-what-cost"]):
        code, _, err = run(*command, "tuesday.yaml")
        assert code == 2
        assert "write --group before its name (--group tuesday.yaml)" in err


def test_a_group_file_beside_a_plain_check_is_mentioned(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("new-group", "Tuesday")[0] == 0
    (tmp_path / "notes.yaml").write_text("week: 1\nagenda: []\n")  # a plan: not a group file
    code, _, err = run("check")
    assert code == 0
    assert err == ("Note: that was the course without a group. tuesday.yaml here looks like a "
                   "group file: to use it, add --group tuesday.yaml.\n")
    assert run("check", "--group", "tuesday.yaml")[2] == ""
