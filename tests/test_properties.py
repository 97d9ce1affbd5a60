"""Property tests: whatever a file holds, the only outcomes are a valid build or a clear error.

hypothesis writes arbitrary YAML documents for the loader, and arbitrary text (every script,
markup, control characters) into the fields of a real plan that is then built end to end.
"""

from __future__ import annotations

import copy
import os
import re
import resource
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOTS
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from toolkit.build import build
from toolkit.cli import main
from toolkit.model import Session
from toolkit.problems import InputError, Problem
from toolkit.validate import validate
from toolkit.yamlfile import parse_yaml

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(["yes", "no", "1:30", "2027-01-12",
                                                           "~", "null", "&a", "*a", "!!str"]))
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["week", "title", "minutes", "goals", "agenda", "id",
                                         "kind", "slides", "points", "worksheets", "items",
                                         "prompt", "text", "x"]), children, max_size=5)),
    max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_any_yaml_document_loads_or_gives_problems(data: object) -> None:
    raw = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    document, problems = parse_yaml(Path("plan.yaml"), raw)
    if document is None:
        assert problems
        return
    session, problems = validate(document, Session)
    assert (session is None) == bool(problems)
    for problem in problems:
        assert_clear(problem, {"plan.yaml"})


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_load_or_give_problems(raw: bytes) -> None:
    document, problems = parse_yaml(Path("plan.yaml"), raw)
    assert document is not None or problems


TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=0, max_size=120) | \
    st.sampled_from(["&", "<b>bold", "</para>", "<img src='http://example.com/x.png'/>",
                     "{{ not a placeholder }}", "\u202eright-to-left", "日本語のテキスト",
                     "العربية", "emoji 🙂", "\x07bell", "x" * 400])


NOT_TEXT = {"id", "kind", "file", "worksheet", "week", "minutes", "lines", "rows", "from", "to",
            "sessions", "flexible"}


def with_text(data: object, text: str, key: str = "") -> object:
    """``data`` with ``text`` in every field that holds text a person wrote."""
    if isinstance(data, dict):
        return {k: with_text(v, text, k) for k, v in data.items()}
    if isinstance(data, list):
        return [with_text(v, text, key) for v in data]
    if isinstance(data, str) and key not in NOT_TEXT:
        return text
    return data


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=TEXT)
@example(text="<img src='h:'/>")  # once reached the books' contents page as markup
@example(text="</para>")
def test_any_text_in_every_field_builds_or_gives_a_clear_error(tmp_path: Path, text: str
                                                                ) -> None:
    course = tmp_path / "course"
    shutil.rmtree(course, ignore_errors=True)
    shutil.copytree(ROOTS / "minimal", course)
    for name in ("week-01-hello.yaml", "course.yaml"):
        path = course / name
        data = with_text(yaml.safe_load(path.read_text()), text)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        results, _ = build(course, tmp_path / "out")
    except InputError as error:
        assert error.report.errors
        for problem in error.report.errors:
            assert_clear(problem, {"week-01-hello.yaml", "course.yaml"}, text)
        return
    assert all(path.stat().st_size > 0 for path in results[0].files)


def assert_clear(problem: Problem, files: set[str], text: str = "") -> None:
    """A problem a person can act on: it names one of ``files`` and the line and column, says
    what is wrong in words (no Python type names), and never repeats a long text in full."""
    formatted = problem.format()
    assert problem.file.name in files, formatted
    assert problem.mark is not None, formatted
    assert re.match(rf"{re.escape(str(problem.file))}:\d+:\d+: (error|warning): \S",
                    formatted), formatted
    assert len(problem.message) > 10, formatted
    assert not re.search(r"dict\[|literal\[|tuple\[|list\[|function-|Traceback|Input should",
                         formatted), formatted
    words = " ".join(text.split())
    if len(words) > 60:
        assert words not in formatted, "a long text is repeated in full"


GROUP = {
    "name": "Group", "facilitators": ["One", "Two"], "location": "Room", "contact": "Call us",
    "emergency": "Call 911", "crisis_note": "Check",
    "crisis_resources": [{"region": "Here", "service": "Line", "contact": "Call"}],
    "placeholders": {"room": "Room 4"},
}


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=TEXT)
@example(text="{group} <b>{room}</b> {{literal}}")
def test_any_text_in_a_group_file_builds_or_gives_a_clear_error(tmp_path: Path, text: str
                                                                 ) -> None:
    group = dict(with_text(GROUP, text))  # type: ignore[call-overload]
    group["schedule"] = {"first_date": "2027-01-12", "start_time": "18:30"}
    path = tmp_path / "group.yaml"
    path.write_text(yaml.safe_dump(group, allow_unicode=True), encoding="utf-8")
    try:
        results, _ = build(ROOTS / "minimal", tmp_path / "out", groups=[path])
    except InputError as error:
        assert error.report.errors
        for problem in error.report.errors:
            assert_clear(problem, {"group.yaml"}, text)
        return
    assert all(file.stat().st_size > 0 for file in results[0].files)
    assert results[0].folder.parent == tmp_path / "out"


# Group files built from hostile parts ------------------------------------------------------

FIELDS = ["name", "facilitators", "location", "contact", "schedule", "sessions", "minutes",
          "extra_sessions", "emergency", "crisis_resources", "crisis_note", "branding", "print",
          "roster", "register_rows", "placeholders", "changes"]
INNER = ["first_date", "weekday", "start_time", "skip", "weeks_apart", "clock", "primary",
         "accent", "logo", "template", "paper", "large_print", "region", "service", "contact",
         "week-01-hello", "minutes", "title", "goals", "homework", "agenda", "add_agenda",
         "slides", "worksheet_items", "arrival", "practice", "after", "before", "id", "kind",
         "worksheet", "text", "remove", "arrival/slide-1", "hello-sheet/item-1", "prompt",
         "lines", "room"]
PATHS = ["../outside.yaml", "/dev/zero", "/etc/hostname", "~", ".", "pipe", "folder",
         "huge.bin", "missing.png", "group.yaml", "roster.txt", "plan.yaml", "logo.png"]
HOSTILE_TEXT = TEXT | st.sampled_from([
    "9999-12-31", "0001-01-01", "2027-02-30", "2027-01-12", "25:00", "6:30 pm", "“18:00”",
    "#FFFFFF", "#2B4C7E", "remove", "{unknown}", "{group}", "x" * 3000, "", " ", "Tuesday",
    "12-hour", "letter", "a4", "true", "activity", "arrival", "hello-sheet", "week-01-hello",
    *PATHS])
LEAF = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), HOSTILE_TEXT)
KEYS = st.sampled_from(INNER) | st.text(max_size=8)
VALUES = st.recursive(
    LEAF, lambda children: st.lists(children, max_size=5) |
    st.dictionaries(KEYS, children, max_size=5), max_leaves=20)
BASE_GROUP: dict[str, object] = {
    "name": "Tuesday", "facilitators": ["Ana", "Sam"], "location": "Room 4",
    "contact": "Call Ana", "schedule": {"first_date": "2027-01-12", "weekday": "Tuesday",
                                        "start_time": "18:30", "clock": "12-hour"},
    "crisis_resources": [{"region": "Here", "service": "Line", "contact": "Call 555-0100"}],
    "branding": {"primary": "#2B4C7E", "logo": "logo.png"}, "print": {"paper": "a4"},
    "roster": "roster.txt", "placeholders": {"room": "Room 4"},
    "changes": {"week-01-hello": {"minutes": 32, "agenda": {"arrival": {"minutes": 12}},
                                  "homework": {"text": "Notice {room}."}}},
}
"""A group file that builds: the hostile cases below change one or two parts of it."""
PLACES = [("name",), ("facilitators",), ("facilitators", 0), ("contact",), ("schedule",),
          ("schedule", "first_date"), ("schedule", "start_time"), ("schedule", "skip"),
          ("crisis_resources",), ("crisis_resources", 0, "contact"), ("branding", "logo"),
          ("branding", "template"), ("branding", "primary"), ("print", "large_print"),
          ("roster",), ("extra_sessions",), ("placeholders", "room"), ("placeholders",),
          ("changes", "week-01-hello", "agenda", "arrival"),
          ("changes", "week-01-hello", "homework"), ("changes", "week-01-hello", "add_agenda"),
          ("changes", "week-01-hello", "slides"), ("changes", "week-01-hello", "minutes"),
          ("changes", "week-01-hello", "worksheet_items", "hello-sheet/item-1"), ("sessions",),
          ("emergency",), ("register_rows",), ("minutes",)]


def changed(base: dict[str, object], changes: list[tuple[tuple[str | int, ...], object]]
            ) -> dict[str, object]:
    """``base`` with a value put at each place (made where it is missing)."""
    data = copy.deepcopy(base)
    for place, value in changes:
        parent: Any = data
        try:
            for step in place[:-1]:
                parent = parent.setdefault(step, {}) if isinstance(parent, dict) else parent[step]
            parent[place[-1]] = value
        except (TypeError, IndexError, KeyError, AttributeError):
            continue  # an earlier change put a text or number where this place was
    return data


GROUP_FILES = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8),
    st.builds(changed, st.just(BASE_GROUP),
              st.lists(st.tuples(st.sampled_from(PLACES), VALUES), min_size=1, max_size=2)),
    st.builds(changed, st.just(BASE_GROUP),  # text only: most of these build
              st.lists(st.tuples(st.sampled_from(PLACES), HOSTILE_TEXT), min_size=1,
                       max_size=2)))


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A group file's folder with the things a path in it can lead to: a named pipe, a folder,
    a 3 GB file (sparse), a roster, a picture and a plan."""
    folder = tmp_path_factory.mktemp("hostile")
    os.mkfifo(folder / "pipe")
    (folder / "folder").mkdir()
    with (folder / "huge.bin").open("wb") as huge:
        huge.truncate(3 * 2**30)
    (folder / "roster.txt").write_text("Ana\nJ.T.\n", encoding="utf-8")
    shutil.copy(ROOTS / "minimal" / "images" / "circle.png", folder / "logo.png")
    shutil.copy(ROOTS / "minimal" / "week-01-hello.yaml", folder / "plan.yaml")
    return folder


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=GROUP_FILES)
@example(data=BASE_GROUP)
@example(data={"crisis_resources": [], "sessions": []})
@example(data={"schedule": {"first_date": "9999-12-01"}})
@example(data={"placeholders": {f"p{n}": "x" for n in range(5000)}})
@example(data={"name": "Tuesday", "changes": {"week-01-hello": {"agenda": {"arrival": ["a"]},
                                                                "homework": {"worksheet": "x"}}}})
@example(data={"name": "Tuesday", "roster": "pipe", "extra_sessions": ["pipe", "folder",
                                                                       "../outside.yaml"]})
def test_hostile_group_files_build_or_give_clear_errors(hostile_folder: Path,
                                                        data: dict[str, object]) -> None:
    """Whatever a group file holds, `check` and `build` end in a build or in exit 1 with
    messages at the group file's lines: never a fault, a hang or runaway memory."""
    shared = ["one", "two"]  # the same list twice: written as an anchor and an alias
    if "facilitators" not in data:
        data = {**data, "facilitators": shared, "placeholders": {"x": "y"}, "x-extra": shared}
        data.pop("x-extra")
    path = hostile_folder / "group.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["check", "--sessions", str(ROOTS / "minimal"),
                                       "--group", str(path)])
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 1), output
    assert "Traceback" not in output and "Sorry" not in output, output
    if result.exit_code == 1:
        problems = [line for line in output.splitlines() if ": error: " in line]
        assert problems, output
        for line in problems:
            assert re.match(r".*group\.yaml:\d+:\d+: error: \S|.*plan\.yaml:\d+:\d+: error: \S",
                            line), line
            assert not re.search(r"dict\[|literal\[|tuple\[|function-|Input should", line), line
    else:
        out = hostile_folder / "out"
        shutil.rmtree(out, ignore_errors=True)
        built = CliRunner().invoke(main, ["build", "--sessions", str(ROOTS / "minimal"),
                                          "--group", str(path), "--out", str(out), "--jobs", "1"])
        assert built.exit_code in (0, 1), built.stdout + built.stderr
        assert "Traceback" not in built.stderr and "Sorry" not in built.stderr
        if built.exit_code == 0:
            assert any(out.rglob("*.pptx")) and any(out.rglob("*.pdf"))
        event(f"check passed; build exit {built.exit_code}")
    assert time.perf_counter() - started < 60
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024  # kB on Linux
    assert grown < 2**30, f"memory grew by {grown / 2**20:.0f} MB"
