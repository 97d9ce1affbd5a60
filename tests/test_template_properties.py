"""Property test: a slide template built from hostile parts either builds or is refused with a
message at the group file's ``template:`` line, within bounded time and memory.

hypothesis starts from a plain template (tests/hostile_templates.py) and applies one to three
changes drawn from what an attacker or a broken program could do: parts removed, replaced with
random bytes, cut short, swapped or duplicated; a DOCTYPE or entity bomb; parts that unpack to
tens of MB; sizes in the zip's headers that lie; wrong or odd content types; another root
element; relationships pointing outside the package, at missing parts or at the web, of other
types, or with the same id; slide sizes that are not numbers; other compression methods; macros
and links; masters and layouts with many shapes, points, attributes or namespace declarations. Each template goes through `toolkit check`, and, when the check passes, `toolkit
build` (one process, so the bounds below hold for everything): decks must reopen with
python-pptx at 960 x 540 pt and carry no macros, external links or thumbnail.

Memory is bounded with RLIMIT_AS (Linux): while the test runs, the process may not map more than
1 GB beyond what it had mapped when it started, so any attempt to hold an unpacked part whole
fails with MemoryError, which the command reports as a fault (exit 3) and the test rejects. The
time of each example is asserted too.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import hostile_templates as made
import pytest
from conftest import ROOTS, run
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from toolkit.render.deck.layout import SLIDE_H, SLIDE_W

MINIMAL = ROOTS / "minimal"
MEMORY = 2**30
"""Address space each example may add to what the test process had mapped."""
SECONDS = 30.0
"""Time for one example's check and build (a few seconds here; this only catches runaways)."""

Op = Callable[[st.DataObject, bytes], bytes]


def names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def xml_names(data: bytes) -> list[str]:
    return [name for name in names(data) if name.endswith((".xml", ".rels"))]


def drop(draw: st.DataObject, data: bytes) -> bytes:
    return made.rewrite(data, {draw.draw(st.sampled_from(names(data))): None})


def garbage(draw: st.DataObject, data: bytes) -> bytes:
    return made.rewrite(data, {draw.draw(st.sampled_from(names(data))):
                               draw.draw(st.binary(max_size=300))})


def cut_short(draw: st.DataObject, data: bytes) -> bytes:
    name = draw.draw(st.sampled_from(names(data)))
    fraction = draw.draw(st.floats(0, 1))
    return made.rewrite(data, {name: lambda content: content[:int(len(content) * fraction)]})


DOCTYPES = [
    made.BOMB,
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "secret.txt">]>',
    b'<?xml version="1.0"?><!DOCTYPE p:sldMaster>',
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "harmless">]>',
]


def doctype(draw: st.DataObject, data: bytes) -> bytes:
    name = draw.draw(st.sampled_from(xml_names(data)))
    prefix = draw.draw(st.sampled_from(DOCTYPES))
    use = draw.draw(st.booleans())

    def change(content: bytes) -> bytes:
        body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", content)
        if use:
            body = re.sub(rb"(<[^?!/][^>]*>)", rb"\1&e;" if b"ENTITY e" in prefix else rb"\1&a9;",
                          body, count=2)
        return prefix + body

    return made.rewrite(data, {name: change})


def huge(draw: st.DataObject, data: bytes) -> bytes:
    """A part that unpacks to tens of MB: spaces inside an XML part, zeros after a binary."""
    name = draw.draw(st.sampled_from(names(data)))
    size = draw.draw(st.sampled_from([3 * 2**20, 24 * 2**20, 48 * 2**20]))
    if name.endswith((".xml", ".rels")):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.read(name)
        closing = content.rfind(b"</")
        split = content[closing:] if closing > 0 else None
        return made.with_huge_member(data, name, size, split=split)
    return made.with_huge_member(data, name, size, filler=b"\0")


def lie(draw: st.DataObject, data: bytes) -> bytes:
    name = draw.draw(st.sampled_from(names(data)))
    declared = draw.draw(st.sampled_from([0, 1, 100, 2**20, 2**31 - 1, 2**32 - 1]))
    return made.declaring_size(data, name, declared)


CONTENT_TYPES = ["image/png", "application/xml", "text/plain", "", "x" * 300,
                 made.MACRO_TYPE.decode(),
                 "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
                 "application/vnd.openxmlformats-officedocument.presentationml.slide+xml",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                 "image/svg+xml; charset=\u00e9"]


def content_type(draw: st.DataObject, data: bytes) -> bytes:
    new = draw.draw(st.sampled_from(CONTENT_TYPES)).encode()
    index = draw.draw(st.integers(0, 40))

    def change(types: bytes) -> bytes:
        found = list(re.finditer(rb'ContentType="[^"]*"', types))
        if not found:  # an earlier change emptied the list: nothing to change here
            return types
        match = found[index % len(found)]
        return types[:match.start()] + b'ContentType="' + new + b'"' + types[match.end():]

    return made.rewrite(data, {made.TYPES: change})


ROOTS_TAGS = [b"p:sldLayout", b"p:sldMaster", b"a:theme", b"p:presentation", b"foo",
              b"p:sld", b"Relationships", b"Types"]


def root(draw: st.DataObject, data: bytes) -> bytes:
    name = draw.draw(st.sampled_from(xml_names(data)))
    new = draw.draw(st.sampled_from(ROOTS_TAGS))

    def change(content: bytes) -> bytes:
        match = re.search(rb"<([A-Za-z][\w:]*)", re.sub(rb"^<\?xml[^>]*\?>", b"", content))
        if match is None:
            return content
        old = match.group(1)
        return re.sub(rb"<(/?)" + re.escape(old) + rb"\b", rb"<\1" + new, content)

    return made.rewrite(data, {name: change})


TARGETS = ["../../../../outside.xml", "https://example.invalid/x.png", "missing.xml", "",
           "/ppt/presentation.xml", "slideLayout1.xml#frag", "%2e%2e/%2e%2e/x",
           "../slideMasters/slideMaster1.xml", "../media/brand.png", "/[Content_Types].xml",
           "..", "ppt"]
TYPES = ["image", "slide", "hyperlink", "chart", "theme", "slideMaster", "slideLayout",
         "notesMaster", "presProps", "x", "oleObject", "officeDocument"]


def relationship(draw: st.DataObject, data: bytes) -> bytes:
    name = draw.draw(st.sampled_from([n for n in names(data) if n.endswith(".rels")]))
    index = draw.draw(st.integers(0, 20))
    what = draw.draw(st.sampled_from(["target", "type", "external", "id", "add"]))
    target = draw.draw(st.sampled_from(TARGETS))
    kind = draw.draw(st.sampled_from(TYPES))

    def change(rels: bytes) -> bytes:
        found = list(re.finditer(rb"<Relationship [^>]*/>", rels))
        if not found or what == "add":
            return made.add_relationship(rels, made.relationship(
                "rId1", kind, target, external=target.startswith("http")))
        match = found[index % len(found)]
        item = match.group(0)
        if what == "target":
            item = re.sub(rb'Target="[^"]*"', b'Target="' + target.encode() + b'"', item)
        elif what == "type":
            item = re.sub(rb'Type="[^"]*"', b'Type="' + (made.RT + kind).encode() + b'"', item)
        elif what == "external":
            item = item.replace(b"/>", b' TargetMode="External"/>')
        else:
            item = re.sub(rb'Id="[^"]*"', b'Id="rId1"', item)
        return rels[:match.start()] + item + rels[match.end():]

    return made.rewrite(data, {name: change})


SIZES = ["12192000", "6858000", "0", "-1", "1e9", "abc", "99999999999999999999", "9144000",
         " 12192000", "12192000.0", ""]


def slide_size(draw: st.DataObject, data: bytes) -> bytes:
    width, height = draw.draw(st.sampled_from(SIZES)), draw.draw(st.sampled_from(SIZES))

    def change(xml: bytes) -> bytes:
        return re.sub(rb"<p:sldSz[^>]*/>", f'<p:sldSz cx="{width}" cy="{height}"/>'.encode(),
                      xml)

    return made.rewrite(data, {made.PRESENTATION: change})


def packing(draw: st.DataObject, data: bytes) -> bytes:
    name = draw.draw(st.sampled_from(names(data)))
    method = draw.draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_BZIP2,
                                        zipfile.ZIP_LZMA]))
    return made.rewrite(data, {}, method={name: method})


def swap(draw: st.DataObject, data: bytes) -> bytes:
    first, second = (draw.draw(st.sampled_from(names(data))) for _ in range(2))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        one, two = archive.read(first), archive.read(second)
    return made.rewrite(data, {first: two, second: one})


def duplicate(draw: st.DataObject, data: bytes) -> bytes:
    name = draw.draw(st.sampled_from(names(data)))
    content = draw.draw(st.sampled_from([b"", b"<x/>", made.BOMB + b"<x>&a9;</x>"]))
    return made.rewrite(data, {}, {name: content})


DETAILS = {
    "shapes": lambda n: b"".join(made.shape_xml(1000 + i) for i in range(n)),
    "points": made.drawing_xml,
    "attributes": lambda n: b"".join(b' x%x=""' % i for i in range(n)),
    "namespaces": lambda n: b"".join(b' xmlns:n%x="u"' % i for i in range(n)),
}


def detailed(draw: st.DataObject, data: bytes) -> bytes:
    """Many shapes, points of a drawing, attributes or namespace declarations added to one,
    four or every master and layout: from well within the limits on what is kept to well over
    them."""
    parts = [name for name in xml_names(data)
             if re.fullmatch(r"ppt/slide(Layout|Master)s/[^/]+\.xml", name)]
    if not parts:
        return data
    what = draw.draw(st.sampled_from(sorted(DETAILS)))
    count = draw.draw(st.sampled_from([100, 3000, 12000, 40000]))
    chosen = parts[:draw.draw(st.sampled_from([1, 4, len(parts)]))]
    added = DETAILS[what](count)

    def change(xml: bytes) -> bytes:
        if what in ("shapes", "points"):
            return made.add_to_tree(xml, added)
        return re.sub(rb"(<(?!\?)[A-Za-z][\w:.-]*)", lambda match: match.group(1) + added, xml,
                      count=1)

    return made.rewrite(data, {name: change for name in chosen})


def known(draw: st.DataObject, data: bytes) -> bytes:
    """One of the named hostile templates, whole."""
    make = draw.draw(st.sampled_from([
        made.macro_enabled, made.linked_picture, made.hyperlinked,
        made.embedded_and_linked_picture, made.chart_on_master, made.word_document,
        made.no_title_layout, made.slide_size_cy_first, made.actions, made.strict_open_xml]))
    return make()


OPS: list[Op] = [drop, garbage, cut_short, doctype, content_type, root, relationship,
                 slide_size, packing, swap, duplicate, known, detailed]
LAST: list[Op | None] = [huge, lie, None]
"""Changes made last: the template cannot be rewritten after them (its sizes lie, or it is
large)."""


@contextmanager
def bounded_memory(extra: int) -> Iterator[None]:
    """While inside, this process may map at most ``extra`` bytes more than it has now."""
    if sys.platform != "linux":  # RLIMIT_AS is only enforced on Linux
        yield
        return
    import resource

    status = Path("/proc/self/status").read_text()
    mapped = int(re.search(r"VmSize:\s+(\d+) kB", status).group(1)) * 1024  # type: ignore[union-attr]
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (mapped + extra, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def assert_plain_deck(deck: Path) -> None:
    with zipfile.ZipFile(deck) as archive:
        for name in archive.namelist():
            assert not re.search(r"vba|thumbnail", name, re.I), name
            if name.endswith(".rels"):
                assert b'TargetMode="External"' not in archive.read(name), name
        assert b"macroEnabled" not in archive.read("[Content_Types].xml")
    opened = Presentation(str(deck))
    assert (opened.slide_width, opened.slide_height) == (SLIDE_W * 12700, SLIDE_H * 12700)
    assert len(opened.slides) > 1


def outcome(folder: Path, data: bytes) -> None:
    """Check, then build if the check passes: only a build or a clear error may come out."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "brand.pptx").write_bytes(data)
    group = folder / "group.yaml"
    group.write_text("name: Brand Group\nbranding:\n  template: brand.pptx\n", encoding="utf-8")
    started = time.perf_counter()
    with bounded_memory(MEMORY):
        code, stdout, stderr = run("check", "--sessions", str(MINIMAL), "--group", str(group))
        output = stdout + stderr
        assert code in (0, 1), output
        assert "Traceback" not in output and "Sorry" not in output, output
        if code == 1:
            # The template's line, what is wrong, and on the next line what to do.
            lines = output.splitlines()
            assert re.match(rf"{re.escape(str(group))}:3:13: error: .*template", lines[0]), output
            assert lines[1].startswith("    ") and len(lines[1]) > 10, output
            built = None
        else:
            code, stdout, stderr = run("build", "--sessions", str(MINIMAL), "--group",
                                       str(group), "--out", str(folder / "out"), "--jobs", "1")
            built = stdout + stderr
            assert code == 0, built
    assert time.perf_counter() - started < SECONDS
    if built is not None:
        decks = sorted((folder / "out").rglob("*.pptx"))
        assert decks, built
        for deck in decks:
            assert_plain_deck(deck)


@st.composite
def hostile(draw: st.DrawFn) -> bytes:
    data = made.base()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of duplicate names, made on purpose
        for _ in range(draw(st.integers(0, 2))):
            op = draw(st.sampled_from(OPS))
            data = op(draw(st.data()), data)
        last = draw(st.sampled_from(LAST))
        return last(draw(st.data()), data) if last is not None else data


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=hostile())
@example(data=made.huge_presentation(48 * 2**20))
@example(data=made.huge_thumbnail(48 * 2**20))
@example(data=made.entity_bomb())
@example(data=made.too_many_shapes())
def test_a_hostile_template_builds_or_gives_a_clear_error(tmp_path: Path, data: bytes) -> None:
    outcome(tmp_path / "case", data)


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced only on Linux")
def test_the_memory_bound_is_real() -> None:
    """Holding more than the bound allows fails inside it."""
    with pytest.raises(MemoryError), bounded_memory(64 * 2**20):
        bytearray(256 * 2**20)
