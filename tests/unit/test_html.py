"""rendering/html.py: HTML views travel through Markdown as tokens and come back whole."""

import markdown
from interview_portfolio.rendering.escaping import sanitise_html
from interview_portfolio.rendering.html import Html, KeptHtml, ScriptData, table
from interview_portfolio.rendering.table_layout import label_tables

from tests.support import join


def test_table_is_shaped_and_marked_like_python_markdown_tables_after_labelling():
    for source, head, rows in [
        ("| A | B |\n|---|---|\n| 1 | <b>2</b> |", ["A", "B"], [["1", "<b>2</b>"]]),
        ("| A | B | C |\n|---|---|---|\n| — | [x](x)<br>[y](y) | 3 |", ["A", "B", "C"],
         [["—", '<a href="x">x</a><br><a href="y">y</a>', "3"]]),
    ]:
        md_table = label_tables(markdown.markdown(source, extensions=["tables"]))
        assert table(head, rows) == md_table
        assert sanitise_html(md_table) == md_table  # the sanitiser keeps the marks as written
    assert table(["A"], [], attrs='class="x"').startswith('<div class="x">\n<table>')


def test_views_come_back_whole_after_markdown():
    kept = KeptHtml()
    block = table(["A"], [["*not emphasis*"]], attrs='class="pf-x"')
    source = "# Title\n\n" + kept.markdown(["Some *Markdown*\n", block]) + "\nAfter.\n"
    converted = markdown.markdown(source)
    assert "pfkept" in converted and block not in converted
    restored = kept.restore(converted)
    assert block in restored and "<p>" + block not in restored and "pfkept" not in restored
    assert "<em>Markdown</em>" in restored and "<em>not emphasis</em>" not in restored


def test_a_token_of_another_build_is_not_restored():
    ours, theirs = KeptHtml(), KeptHtml()
    forged = theirs.markdown(Html("<script>x</script>"))
    assert "<script>" not in ours.restore(markdown.markdown(forged))


def test_join_puts_html_inline():
    assert join(["a", Html("<b>b</b>")]) == "a<b>b</b>"
    assert join("plain") == "plain"


def test_search_sees_a_page_without_the_fragments_it_would_skip():
    kept = KeptHtml()
    skipped = table(["Number"], [["900 ms"]], attrs='class="pf-metrics" data-search-exclude=""')
    searched = table(["Question"], [["Why not batch?"]], attrs='class="pf-followups"')
    converted = markdown.markdown(kept.markdown([skipped, searched]))
    for_search = kept.restore(converted, searchable=True)
    assert "900 ms" not in for_search and searched in for_search
    page = kept.restore(for_search)  # once search has read it
    assert skipped in page and searched in page and "pfkept" not in page and "pfdefer" not in page
    assert page.count("data-search-exclude") == 1  # no wrapper left behind


def test_kept_fragments_are_sanitised():
    kept = KeptHtml()
    converted = markdown.markdown(kept.markdown(Html('<div onclick="x()"><a href="javascript:x()">a</a><script>x</script></div>')))
    page = kept.restore(converted)
    assert "onclick" not in page and "javascript:" not in page and "<script>" not in page


def test_script_data_is_kept_whole_and_out_of_search_while_html_scripts_are_cleaned():
    kept = KeptHtml()
    data = ScriptData('<script type="application/json" id="d">{"a":"\\u003c/script\\u003e"}</script>')
    page = markdown.markdown(kept.markdown([data, Html("<script>alert(1)</script><p>x</p>")]))
    searched = kept.restore(page, searchable=True)
    assert "application/json" not in searched and "alert" not in searched
    assert kept.restore(searched).startswith(data) and "alert" not in kept.restore(searched)
