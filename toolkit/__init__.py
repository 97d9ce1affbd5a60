"""Interdependence Workshop Toolkit: compile a group course's YAML plans into slides and PDFs."""

__version__ = "0.1.0"
