"""Property tests: whatever a file holds, the only outcomes are a valid build or a clear error.

hypothesis writes arbitrary YAML documents for the loader, and arbitrary text (every script,
markup, control characters) into the fields of a real plan that is then built end to end.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from conftest import ROOTS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from toolkit.build import build
from toolkit.model import Session
from toolkit.problems import InputError
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
        assert problem.format().startswith("plan.yaml:")


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
            assert problem.format()
        return
    assert all(path.stat().st_size > 0 for path in results[0].files)


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
        return
    assert all(file.stat().st_size > 0 for file in results[0].files)
    assert results[0].folder.parent == tmp_path / "out"
