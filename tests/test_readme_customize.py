"""The README's "Customize for your group", followed literally from an empty folder: its shell
blocks run in order in one shell, as a facilitator would type them, with the group file filled
in as the section's example shows, and what the section says the commands print is what they
print."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Customize for your group\n")
    end = readme.index("\n## ", start + 1)
    return readme[start:end]


def blocks(kind: str) -> list[str]:
    return [body for info, body in FENCE.findall(section()) if info == kind]


def test_the_section_has_the_steps_a_facilitator_follows() -> None:
    commands = " ".join(blocks("sh"))
    for step in ("activate", "mkdir", "cd ", "toolkit new-group", "toolkit check --group",
                 "toolkit list --group", "toolkit build --group", "toolkit show",
                 "toolkit copy-course"):
        assert step in commands, step
    assert "--sessions" not in commands and ".venv/bin/toolkit" not in commands


def test_the_customize_section_works_from_an_empty_folder(tmp_path: Path) -> None:
    """HOME is an empty folder holding only the toolkit where the section says it was cloned
    (its environment, linked); the commands run from there, with no toolkit on the PATH until
    the section's first block switches it on."""
    home = tmp_path / "home"
    toolkit_folder = home / "interdependence-toolkit"
    toolkit_folder.mkdir(parents=True)
    environment = Path(sys.prefix)
    assert (environment / "bin" / "activate").is_file(), "the tests run outside a venv"
    (toolkit_folder / ".venv").symlink_to(environment, target_is_directory=True)
    assert ROOT not in home.resolve().parents

    shell = blocks("sh")
    filled_in = blocks("yaml")[0]
    assert filled_in.startswith('name: "Tuesday Evening"')
    script = ["set -euo pipefail"]
    for block in shell:
        script.append(block)
        if "toolkit new-group" in block:  # step 3: the file filled in as the example shows
            script.append(f"cat > tuesday-evening.yaml <<'GROUP'\n{filled_in}GROUP")
    path = os.pathsep.join(folder for folder in os.environ.get("PATH", "").split(os.pathsep)
                           if Path(folder).resolve() != (environment / "bin").resolve())
    env = {**os.environ, "HOME": str(home), "PATH": path}
    env.pop("VIRTUAL_ENV", None)
    ran = subprocess.run(["bash", "-c", "\n".join(script)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600, check=False)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "Traceback" not in ran.stderr

    group = home / "groups" / "tuesday-evening"
    assert (group / "tuesday-evening.yaml").read_text(encoding="utf-8") == filled_in
    assert "Checked 9 sessions and 1 group file: no problems found." in ran.stdout
    listed = next(body for info, body in FENCE.findall(section())
                  if info == "" and body.startswith("tuesday-evening.yaml: 8 sessions"))
    for line in listed.splitlines():
        if line != "...":
            assert line in ran.stdout.splitlines(), line
    built = group / "output" / "tuesday-evening"
    assert (built / "index.html").is_file()
    assert len(list(built.glob("week-*/week-*-slides.pptx"))) == 8
    assert "pull-away/slide-2" in ran.stdout  # toolkit show
    assert (group / "our-course" / "course.yaml").is_file()  # toolkit copy-course
