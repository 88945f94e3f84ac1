"""Layout of the real portfolio in Chromium, on a desktop (1280 px) and a phone (390 px).

On every HTML page of the built site:

- the page never scrolls sideways (document scrollWidth <= viewport width);
- every visible table fits its column, or sits in a box that scrolls sideways on its own
  (overflow-x auto/scroll);
- stricter, because Material wraps every table in such a box and hid the cut-off columns that
  way: on a desktop no table needs to scroll at all, and on a phone a table that still scrolls
  shows a visible cue (portfolio.js marks its box `.pf-scrolls`: shadow and hint) and can be
  reached with the keyboard;
- a table stacked into cards on a phone shows each value right of its label, not under it.

Diagrams open full size (the phone labels were 5 px), and the dark palette inverts them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

STORY_WITH_DIAGRAM = "stories/bsp-most-proud/"

# For each visible table: does it fit, and if not, which box scrolls it and how.
TABLES_JS = (Path(__file__).parent / "js" / "tables.js").read_text(encoding="utf-8")

# Cells of a table stacked into cards (phone): the value must start right of its label.
OVERLAPS_JS = (Path(__file__).parent / "js" / "overlaps.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("device", list(WIDTHS))
def test_no_page_scrolls_sideways_and_no_table_is_cut(visitor, site_pages, device):
    assert "" in site_pages and STORY_WITH_DIAGRAM in site_pages, site_pages
    width, height = WIDTHS[device]
    problems: list[str] = []
    context = visitor.context(width=width, height=height)
    page = context.new_page()
    try:
        for path in site_pages:
            visitor.goto(page, path)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"/{path}: the page scrolls sideways ({scroll_width} px wide)")
            for t in page.evaluate(TABLES_JS):
                where = f"/{path}: {t['table']}"
                if not t["fitsColumn"] and not t["scroller"]:
                    problems.append(f"{where} is wider than the column and nothing scrolls it")
                elif t["scrolls"] and device == "desktop":
                    problems.append(f"{where} scrolls sideways at {width} px: columns are cut off")
                elif t["scrolls"] and not (t["cue"] and t["focusable"]):
                    problems.append(f"{where} scrolls with no visible cue or keyboard access")
            for cell in page.evaluate(OVERLAPS_JS):
                problems.append(f"/{path}: a stacked table's label covers its value ({cell})")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert not visitor.outside, f"requests outside 127.0.0.1: {visitor.outside}"


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_diagram_opens_full_size_and_closes_again(visitor, device):
    width, height = WIDTHS[device]
    page = visitor.open(STORY_WITH_DIAGRAM, width=width, height=height)
    try:
        figure = page.locator("figure.pf-diagram").first
        inline = figure.locator("img").evaluate("img => img.getBoundingClientRect().width")
        button = figure.get_by_role("button", name="Enlarge diagram")
        button.click()
        dialog = page.locator("dialog.pf-lightbox[open]")
        dialog.wait_for()
        big = dialog.locator("img")
        big.evaluate("img => img.complete || new Promise(r => img.onload = r)")
        shown = big.evaluate("img => img.getBoundingClientRect().width")
        natural = big.evaluate("img => img.naturalWidth")
        assert shown >= min(natural, 2 * inline) - 1, (shown, natural, inline)
        assert big.get_attribute("alt"), "the enlarged diagram keeps its text alternative"
        page.get_by_role("button", name="Zoom in").click()
        assert big.evaluate("img => img.getBoundingClientRect().width") > shown
        page.keyboard.press("Escape")
        assert page.locator("dialog.pf-lightbox[open]").count() == 0
        assert page.evaluate("document.activeElement.classList.contains('pf-zoom')"), \
            "focus returns to the button that opened the diagram"
    finally:
        page.context.close()


def test_dark_palette_renders_diagrams_dark(visitor):
    page = visitor.open(STORY_WITH_DIAGRAM, color_scheme="dark")
    try:
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        img_filter = page.locator("figure.pf-diagram img").first.evaluate("img => getComputedStyle(img).filter")
        assert "invert" in img_filter, img_filter
    finally:
        page.context.close()
    page = visitor.open(STORY_WITH_DIAGRAM, color_scheme="light")
    try:
        img_filter = page.locator("figure.pf-diagram img").first.evaluate("img => getComputedStyle(img).filter")
        assert img_filter == "none", img_filter
    finally:
        page.context.close()
