"""Run the toolkit as `python -m toolkit`."""

from toolkit.cli import main

main(prog_name="toolkit")
