"""A book made of pages other PDFs already drew, each page drawn once.

A book is laid out by reportlab as usual, with its own covers, contents and back matter, and
with a blank page (``Borrowed``) wherever a session file's page goes: so its page numbers,
contents page and bookmarks are its own. Then each blank page takes the session page's drawing
and form fields as they are, and keeps the book's own frame (running header, footer, "Page X of
Y"): every page draws its frame as a form of its own (``document.page_form``), so the session
page's frame form is simply swapped for the book page's.

This is the only module that uses pikepdf (qpdf), which copies pages and their resources
between PDFs correctly; reportlab cannot read a PDF.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pikepdf
from reportlab.platypus import Flowable

from toolkit.render.pdf.compat import xobject_name
from toolkit.render.pdf.document import mark_form, page_form
from toolkit.render.pdf.fieldfont import embed_field_font


class Source:
    """A PDF a book takes pages from, opened once, with the page each marked part starts on
    (``document.PartMark``). ``number`` tells it from the book's other sources."""

    def __init__(self, data: bytes, number: int) -> None:
        self.pdf = pikepdf.open(io.BytesIO(data))
        marks = xobject_name(mark_form(""))
        self.starts: dict[str, int] = {}
        for index, page in enumerate(self.pdf.pages):
            for name in _forms(page.obj):
                if name.startswith(marks):
                    self.starts.setdefault(name, index)
            for annotation in page.obj.get("/Annots", ()):
                # A copied annotation must not bring its old page along (qpdf would copy it).
                if "/P" in annotation:
                    del annotation["/P"]
        _retag_fonts(self.pdf, number)

    def part(self, key: str) -> range:
        """The pages of the part marked ``key``: from its mark to the next mark, or to the
        end. A missing mark is the toolkit's own mistake (a session file of another kind, or
        from an older toolkit), never a book with pages left out."""
        start = self.starts.get(xobject_name(mark_form(key)))
        if start is None:
            raise ValueError(f"no part '{key}' in the PDF a book takes pages from")
        later = [index for index in self.starts.values() if index > start]
        return range(start, min(later, default=len(self.pdf.pages)))


@dataclass(frozen=True)
class _Placed:
    book_page: int
    """From 1, as the book's page numbers are."""
    source: int
    page: int
    """From 0, in the source."""


class _Borrowed(Flowable):  # type: ignore[misc]
    """A whole blank page of the book, to be filled with a source's page."""

    def __init__(self, placed: list[_Placed], source: int, page: int) -> None:
        super().__init__()
        self.placed, self.source, self.page = placed, source, page

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # All that is left of the page, or (when the page before took it all) more than is
        # left, so that it goes to the next page and takes all of that.
        self.width = available_width
        self.height = available_height if available_height >= 1 else available_height + 1
        return self.width, self.height

    def draw(self) -> None:
        self.placed.append(_Placed(self.canv.getPageNumber(), self.source, self.page))


class Borrowing:
    """The pages a book takes from its sources, and the book assembled from them."""

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self.placed: list[_Placed] = []

    def source(self, data: bytes) -> Source:
        """Open a PDF the book takes pages from."""
        self.sources.append(Source(data, len(self.sources) + 1))
        return self.sources[-1]

    def pages(self, source: Source, key: str) -> list[Flowable]:
        """Blank pages in the book's story for the part ``key`` of ``source``; each starts a
        page (so put a ``PageBreak`` before them unless the page is new)."""
        index = self.sources.index(source)
        return [_Borrowed(self.placed, index, page) for page in source.part(key)]

    def assemble(self, book: bytes) -> bytes:
        """The book, with every borrowed page's drawing and form fields in place."""
        try:
            pdf = pikepdf.open(io.BytesIO(book))
            copied: dict[int, set[tuple[int, int]]] = {}
            for placed in self.placed:
                copied.setdefault(placed.source, set()).update(self._fill(pdf, placed))
            for index, widgets in copied.items():
                _take_fields(pdf, self.sources[index].pdf, widgets)
            embed_field_font(pdf)  # one copy of the fields' font, where each source had one
            out = io.BytesIO()
            pdf.save(out, deterministic_id=True,
                     object_stream_mode=pikepdf.ObjectStreamMode.generate)
            return out.getvalue()
        finally:
            for source in self.sources:
                source.pdf.close()

    def _fill(self, pdf: pikepdf.Pdf, placed: _Placed) -> list[tuple[int, int]]:
        """Put a source page's drawing on a blank book page; returns the source annotations
        copied."""
        source = self.sources[placed.source].pdf
        origin = source.pages[placed.page].obj
        target = pdf.pages[placed.book_page - 1].obj
        frame = target.Resources.XObject[xobject_name(page_form(placed.book_page))]
        annotations = list(origin.get("/Annots", ()))
        holder = source.make_indirect(pikepdf.Dictionary(
            Contents=origin.Contents, Resources=origin.Resources,
            Annots=pikepdf.Array(annotations)))
        copy = pdf.copy_foreign(holder)
        resources = _shallow(copy.Resources)
        xobjects = _shallow(resources.XObject)
        own_frame = xobject_name(page_form(placed.page + 1))
        if own_frame not in xobjects:
            raise ValueError(f"page {placed.page + 1} of a book's source has no frame form")
        xobjects[own_frame] = frame
        resources.XObject = xobjects
        target.Resources = resources
        target.Contents = copy.Contents
        if len(copy.Annots):
            for annotation in copy.Annots:
                annotation.P = target
            target.Annots = pikepdf.Array([*target.get("/Annots", ()), *copy.Annots])
        return [annotation.objgen for annotation in annotations]


def _take_fields(pdf: pikepdf.Pdf, source: pikepdf.Pdf, copied: set[tuple[int, int]]) -> None:
    """Add to the book's form the source's fields whose widgets it took. A name the book
    already has gets ``-2``, ``-3``… as within one document: names are made unique by their
    week, but a course's own form could be given an id such as ``week-01-notes``."""
    form = source.Root.get("/AcroForm")
    if form is None:
        return
    fields = [field for field in form.get("/Fields", ())
              if any(widget.objgen in copied for widget in _widgets(field))]
    if not fields:
        return
    if "/AcroForm" not in pdf.Root:
        pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array()))
    book = pdf.Root.AcroForm
    for key, value in form.items():
        if key not in ("/Fields", "/DR") and key not in book:
            book[key] = pdf.copy_foreign(value) if value.is_indirect else value
    _merge_resources(pdf, book, form)
    names = {str(field.get("/T", "")) for field in book.Fields}
    for field in fields:
        field = pdf.copy_foreign(field)
        name = str(field.get("/T", ""))
        if name in names:
            number = 2
            while f"{name}-{number}" in names:
                number += 1
            name = f"{name}-{number}"
            field.T = pikepdf.String(name)
        names.add(name)
        book.Fields.append(field)


def _widgets(field: pikepdf.Object) -> list[pikepdf.Object]:
    """The annotations a field shows on pages: itself, or its kids."""
    if field.get("/Subtype") == pikepdf.Name.Widget:
        return [field]
    return list(field.get("/Kids", ()))


def _merge_resources(pdf: pikepdf.Pdf, book: pikepdf.Object, form: pikepdf.Object) -> None:
    """The fonts the source's fields are typed in (the form's default resources), where the
    book's form does not have them already."""
    theirs = form.get("/DR", pikepdf.Dictionary()).get("/Font", pikepdf.Dictionary())
    if not len(theirs):
        return
    if "/DR" not in book:
        book.DR = pikepdf.Dictionary()
    if "/Font" not in book.DR:
        book.DR.Font = pikepdf.Dictionary()
    for name, font in theirs.items():
        if name not in book.DR.Font:
            book.DR.Font[name] = pdf.copy_foreign(font)


def _forms(page: pikepdf.Object) -> list[str]:
    """The names of the forms a page's resources hold, as ``/FormXob.<name>``."""
    resources = page.get("/Resources", pikepdf.Dictionary())
    return [str(name) for name in resources.get("/XObject", pikepdf.Dictionary())]


def _shallow(dictionary: pikepdf.Object) -> pikepdf.Dictionary:
    """A new dictionary holding the same entries, to change without changing the original."""
    return pikepdf.Dictionary({str(key): value for key, value in dictionary.items()})


_SUBSET_TAG = re.compile(r"^/[A-Z]{6}\+")


def _retag_fonts(pdf: pikepdf.Pdf, number: int) -> None:
    """Give the source's font subsets tags of their own. reportlab tags every subset it makes
    ``AAAAAA+`` when it writes reproducibly, and a PDF's subsets must each have another tag
    (ISO 32000-1, 9.6.4): a book holding nine subsets of one font under one name would be
    merged by tools that go by the name."""
    for font in pdf.objects:
        if not isinstance(font, pikepdf.Dictionary) or \
                font.get("/Type") not in (pikepdf.Name.Font, pikepdf.Name.FontDescriptor):
            continue
        for key in ("/BaseFont", "/FontName"):
            name = str(font.get(key, ""))
            if _SUBSET_TAG.match(name):
                font[key] = pikepdf.Name("/" + _tag(name[1:7], number) + name[7:])


def _tag(tag: str, number: int) -> str:
    """Six capital letters, different for each source: its number is added at the fourth
    letter, so the few tags within one source (counted up from ``AAAAAA``) stay apart too."""
    value = 0
    for letter in tag:
        value = value * 26 + ord(letter) - ord("A")
    value = (value + number * 26**3) % 26**6
    letters = []
    for _ in range(6):
        value, rest = divmod(value, 26)
        letters.append(chr(ord("A") + rest))
    return "".join(reversed(letters))
