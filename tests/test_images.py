"""Pictures: a sideways phone photo is shown upright, a large one placed no larger than any output
needs; a picture that is fine stays byte-exact."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from conftest import ROOTS
from PIL import Image
from pptx import Presentation

from toolkit.build import build
from toolkit.images import ORIENTATION, content_problem, upright


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


def test_a_large_picture_is_placed_no_larger_than_any_output_needs(tmp_path: Path) -> None:
    """Scaled once so its longer side is 2000 pixels, keeping its kind and transparency; a
    palette picture is made smooth (full colour) rather than scaled pixel by pixel."""
    clear = Image.new("RGBA", (4000, 3000), (0, 0, 0, 0))
    clear.paste((200, 30, 30, 255), (0, 0, 2000, 3000))  # the left half red, the rest clear
    clear.save(tmp_path / "clear.png")
    clear.convert("RGB").quantize(4).save(tmp_path / "palette.png")
    for name in ("clear.png", "palette.png"):
        placed = upright(tmp_path / name)
        picture = Image.open(placed.stream())
        assert (picture.format, picture.size, placed.width, placed.height) == \
            ("PNG", (2000, 1500), 2000, 1500)
        assert picture.convert("RGBA").getpixel((500, 700))[:3] == (200, 30, 30)
        if name == "clear.png":
            assert picture.mode == "RGBA" and picture.getpixel((1500, 700))[3] == 0
    # 16-bit grey keeps its shade (Pillow's own conversion would cut it to white).
    Image.new("I;16", (4000, 3000), 30000).save(tmp_path / "grey.png")
    grey = Image.open(upright(tmp_path / "grey.png").stream())
    assert (grey.mode, grey.size, grey.getpixel((1000, 700))) == ("L", (2000, 1500), 117)


def test_a_large_sideways_photo_is_scaled_and_turned(tmp_path: Path) -> None:
    photo = Image.new("RGB", (4000, 2000), "white")
    photo.paste((200, 30, 30), (0, 0, 1000, 2000))  # a red band on the left
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    photo.save(tmp_path / "photo.jpg", "JPEG", exif=exif.tobytes())
    placed = upright(tmp_path / "photo.jpg")
    picture = Image.open(placed.stream())
    assert (picture.format, picture.size) == ("JPEG", (1000, 2000))
    # Turned clockwise, the red band that was on the left is now along the top.
    assert picture.getpixel((500, 100))[0] > 150 and picture.getpixel((500, 100))[1] < 100
    assert picture.getpixel((500, 1900))[1] > 150


def test_only_a_plain_jpeg_may_have_the_pixels_of_a_camera_photo(tmp_path: Path) -> None:
    """Pillow decodes a plain JPEG at an eighth of its size to check it; a PNG, a GIF or a
    progressive JPEG only whole (4 bytes a pixel and more), so they have a lower limit."""
    size = (6000, 4000)  # 24 megapixels: a camera's or a recent phone's photo
    Image.new("L", size).save(tmp_path / "photo.jpg", "JPEG")
    Image.new("L", size).save(tmp_path / "photo-progressive.jpg", "JPEG", progressive=True)
    Image.new("1", size).save(tmp_path / "photo.png", "PNG")
    assert content_problem(tmp_path / "photo.jpg") is None
    for name in ("photo-progressive.jpg", "photo.png"):
        assert content_problem(tmp_path / name) == (
            f"the picture '{name}' is 6000 x 4000 pixels, too large to place",
            "Save a smaller copy: 2000 pixels across is plenty.")
