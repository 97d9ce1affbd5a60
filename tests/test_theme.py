"""Colour contrast: every text/background pair the outputs use meets WCAG AA, for the default
palette and for every palette a group's branding can produce."""

from __future__ import annotations

from dataclasses import replace

import pytest

from toolkit.theme import COLOURS, TEXT_PAIRS, contrast, darkened, tint, weak_pairs


def test_contrast_matches_the_wcag_formula() -> None:
    assert contrast("000000", "FFFFFF") == pytest.approx(21)
    assert contrast("FFFFFF", "FFFFFF") == pytest.approx(1)
    assert contrast("777777", "FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_every_pair_of_the_default_palette_is_readable() -> None:
    assert weak_pairs(COLOURS) == []
    for text, background in TEXT_PAIRS:
        assert contrast(getattr(COLOURS, text), getattr(COLOURS, background)) >= 4.5


@pytest.mark.parametrize("primary", ["2B4C7E", "1F5C63", "595959", "8E3B2E", "0B6E4F"])
def test_a_brand_colour_that_passes_on_white_gives_a_readable_palette(primary: str) -> None:
    assert contrast(primary, "FFFFFF") >= 4.5
    palette = replace(COLOURS, primary=primary, light=tint(primary))
    assert weak_pairs(palette) == []


@pytest.mark.parametrize("colour", ["F5D76E", "FFC0CB", "7FDBFF", "FF851B"])
def test_the_suggested_darker_shade_passes(colour: str) -> None:
    assert contrast(colour, "FFFFFF") < 4.5
    assert contrast(darkened(colour), "FFFFFF") >= 4.5
