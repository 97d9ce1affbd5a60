"""Pictures: a sideways phone photo is shown upright; a picture that is fine stays byte-exact."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from conftest import ROOTS
from PIL import Image
from pptx import Presentation

from toolkit.build import build
from toolkit.images import ORIENTATION, upright


def sideways_photo(path: Path) -> None:
    """A landscape 80 x 40 photo whose EXIF says "turn me 90 degrees clockwise"."""
    image = Image.new("RGB", (80, 40), "white")
    image.paste((200, 30, 30), (0, 0, 20, 40))  # a red band on the left
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    image.save(path, "JPEG", exif=exif.tobytes())


def deck_pictures(folder: Path) -> list[Image.Image]:
    deck = Presentation(str(next(folder.rglob("*-slides.pptx"))))
    return [Image.open(io.BytesIO(shape.image.blob)) for slide in deck.slides
            for shape in slide.shapes if shape.shape_type == 13]


def test_sideways_phone_photo_is_shown_upright(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(ROOTS / "minimal", course)
    sideways_photo(course / "images" / "photo.jpg")
    plan = course / "week-01-hello.yaml"
    plan.write_text(plan.read_text().replace("images/circle.png", "images/photo.jpg"))
    results, _ = build(course, tmp_path / "out")
    (picture,) = deck_pictures(results[0].folder)
    assert picture.size == (40, 80)
    # Turned clockwise, the red band that was on the left is now along the top.
    assert picture.convert("RGB").getpixel((20, 5))[0] > 150
    assert picture.convert("RGB").getpixel((20, 75))[1] > 150


def test_an_upright_picture_is_placed_byte_for_byte(tmp_path: Path) -> None:
    source = ROOTS / "minimal" / "images" / "circle.png"
    assert upright(source).data == source.read_bytes()
    results, _ = build(ROOTS / "minimal", tmp_path / "out")
    deck = Presentation(str(next(results[0].folder.rglob("*-slides.pptx"))))
    blobs = [shape.image.blob for slide in deck.slides for shape in slide.shapes
             if shape.shape_type == 13]
    assert blobs == [source.read_bytes()]
