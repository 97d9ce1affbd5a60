"""The project installs whole from its own files: a wheel holds every package of toolkit/ and
the drawings the worksheets print, and the course itself."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from toolkit.assets import course_folder, drawing_names, drawings_folder

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


def test_the_course_travels_inside_the_installed_package() -> None:
    """sessions/ is installed as toolkit/course/ with every file in it (the patterns read as
    setuptools reads them, as globs), and a clone or editable install reads it in place."""
    assert SETUPTOOLS["package-dir"]["toolkit.course"] == "sessions"
    assert "toolkit.course" in SETUPTOOLS["packages"]
    course = ROOT / "sessions"
    covered = {path for pattern in SETUPTOOLS["package-data"]["toolkit.course"]
               for path in course.glob(pattern) if path.is_file()}
    files = {path for path in course.rglob("*") if path.is_file()}
    assert len(files) > 10
    assert files == covered, sorted(str(path) for path in files - covered)
    assert course_folder() == course.resolve()


def test_a_facilitators_own_folder_needs_no_course_folder(tmp_path: Path) -> None:
    """The installed command, run in an empty folder outside the repository holding only a
    group file (with its logo): check and build find the course that came with the toolkit."""
    import shutil
    import subprocess
    import sys

    toolkit = Path(sys.executable).parent / "toolkit"
    assert toolkit.is_file(), "the toolkit is not installed in this environment"
    own = tmp_path / "my-group"
    (own / "images").mkdir(parents=True)
    shutil.copy(ROOT / "sessions" / "groups" / "tuesday-evening.yaml", own / "mine.yaml")
    shutil.copy(ROOT / "sessions" / "groups" / "images" / "tuesday-logo.png", own / "images")
    assert ROOT not in own.resolve().parents

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(toolkit), *args], cwd=own, capture_output=True, text=True,
                              timeout=300, check=False)

    checked = run("check", "--group", "mine.yaml")
    assert checked.returncode == 0, checked.stderr
    assert "no problems found" in checked.stdout
    built = run("build", "--group", "mine.yaml")
    assert built.returncode == 0, built.stderr
    folder = own / "output" / "tuesday-evening"
    assert (folder / "index.html").is_file()
    assert len(list(folder.glob("week-*/week-*-slides.pptx"))) == 8
