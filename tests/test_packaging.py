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
    group file (with its logo and roster): check, list, show and build find the course that
    came with the toolkit."""
    import shutil
    import subprocess
    import sys

    from pypdf import PdfReader

    toolkit = Path(sys.executable).parent / "toolkit"
    assert toolkit.is_file(), "the toolkit is not installed in this environment"
    own = tmp_path / "my-group"
    (own / "images").mkdir(parents=True)
    group = (ROOT / "sessions" / "groups" / "tuesday-evening.yaml").read_text(encoding="utf-8")
    assert "# roster: ~/private/tuesday-roster.txt" in group
    (own / "mine.yaml").write_text(group.replace("# roster: ~/private/tuesday-roster.txt",
                                                 "roster: private/roster.txt"), encoding="utf-8")
    shutil.copy(ROOT / "sessions" / "groups" / "images" / "tuesday-logo.png", own / "images")
    (own / "private").mkdir()
    (own / "private" / "roster.txt").write_text("Amira\nBen\nChloé\n", encoding="utf-8")
    assert ROOT not in own.resolve().parents

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(toolkit), *args], cwd=own, capture_output=True, text=True,
                              timeout=300, check=False)

    checked = run("check", "--group", "mine.yaml")
    assert checked.returncode == 0, checked.stderr
    assert "no problems found" in checked.stdout
    listed = run("list", "--group", "mine.yaml")
    assert listed.returncode == 0, listed.stderr
    assert "Session 1 · course week 1" in listed.stdout
    assert "    week-01-strong-but-at-what-cost" in listed.stdout
    shown = run("show", "week-03-the-avoidant-trap", "--group", "mine.yaml")
    assert shown.returncode == 0, shown.stderr
    assert "pull-away/slide-2" in shown.stdout
    built = run("build", "--group", "mine.yaml")
    assert built.returncode == 0, built.stderr
    folder = own / "output" / "tuesday-evening"
    assert (folder / "index.html").is_file()
    assert len(list(folder.glob("week-*/week-*-slides.pptx"))) == 8
    workbooks = sorted(folder.glob("**/workbook-*.pdf"))
    assert len(workbooks) == 3  # one per roster line
    assert "Chloé" in PdfReader(workbooks[2]).pages[0].extract_text()
