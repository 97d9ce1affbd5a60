"""Two caches that make python-pptx about a quarter faster, without changing a byte it writes.

python-pptx turns a prefixed tag such as ``a:rPr`` into its full name on every lookup (over a
hundred thousand times for one course) and compiles every XPath expression again each time it
searches. Both are pure functions of their text, so their results can be kept. The patch only
touches names that exist; if a python-pptx release renames them, it quietly does nothing.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import Any

_done = False


def speed_up() -> None:
    """Install the caches once per process."""
    global _done
    if _done:
        return
    _done = True
    from lxml import etree
    from pptx.oxml import ns, xmlchemy

    original = getattr(ns, "qn", None)
    namespaces = getattr(ns, "_nsmap", None)
    if original is not None:
        cached = lru_cache(maxsize=None)(original)
        for name, module in list(sys.modules.items()):
            if name.startswith("pptx") and getattr(module, "qn", None) is original:
                module.qn = cached  # type: ignore[attr-defined]
    element = getattr(xmlchemy, "BaseOxmlElement", None)
    if namespaces is None or element is None or not hasattr(element, "xpath"):
        return
    compiled: dict[str, Any] = {}

    def xpath(self: Any, xpath_str: str) -> Any:
        search = compiled.get(xpath_str)
        if search is None:
            search = compiled[xpath_str] = etree.XPath(xpath_str, namespaces=namespaces)
        return search(self)

    element.xpath = xpath
