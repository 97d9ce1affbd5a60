"""Slide decks, one per session: the only package that imports python-pptx.

- ``layout``, ``agenda``, ``fit``: where each slide's text goes and at what size, worked out in
  points before anything is drawn (no pptx here, so ``toolkit check`` can use them);
- ``base``: the deck to draw on, python-pptx's default or a group's cleaned template;
- ``shapes``, ``slide_xml``: text boxes, titles and decorations written as XML;
- ``slides``: each kind of slide, and ``render_deck``;
- ``compat``: the only use of python-pptx's private parts.

Importing this package imports nothing: each module is imported where it is needed.
"""
