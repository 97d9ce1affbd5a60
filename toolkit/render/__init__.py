"""Renderers: each turns the resolved plan into the bytes of one kind of file."""
