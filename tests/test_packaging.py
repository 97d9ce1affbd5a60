"""The project installs whole from its own files: a wheel holds every package of toolkit/ and
the drawings the worksheets print."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from toolkit.assets import drawing_names, drawings_folder

ROOT = Path(__file__).parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_of_the_toolkit_is_listed_for_installing() -> None:
    """An editable install finds subpackages on disk; a wheel holds only those listed."""
    mapped = SETUPTOOLS.get("package-dir", {})
    listed = set(SETUPTOOLS["packages"]) - set(mapped)
    found = {".".join(init.parent.relative_to(ROOT).parts)
             for init in (ROOT / "toolkit").rglob("__init__.py")}
    assert listed == found


def test_the_drawings_travel_inside_the_installed_package() -> None:
    """assets/ is installed as toolkit/assets/, with every drawing in it."""
    assert SETUPTOOLS["package-dir"]["toolkit.assets"] == "assets"
    assert "toolkit.assets" in SETUPTOOLS["packages"]
    patterns = SETUPTOOLS["package-data"]["toolkit.assets"]
    files = [path.relative_to(ROOT / "assets").as_posix()
             for path in (ROOT / "assets").rglob("*") if path.is_file()]
    assert files
    for name in files:
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name
    assert drawings_folder() == (ROOT / "assets" / "drawings").resolve()
    assert set(drawing_names()) >= {"body-outline", "support-circles", "ladder"}
