"""rendering/html.py: HTML views travel through Markdown as tokens and come back whole."""

import markdown
from interview_portfolio.rendering.html import Html, KeptHtml, join, table


def test_table_is_shaped_like_python_markdown_tables():
    md_table = markdown.markdown("| A | B |\n|---|---|\n| 1 | <b>2</b> |", extensions=["tables"])
    assert table(["A", "B"], [["1", "<b>2</b>"]]) == md_table
    assert table(["A"], [], attrs='class="x"').startswith('<div class="x">\n<table>')


def test_views_come_back_whole_after_markdown():
    kept = KeptHtml()
    block = Html('<div class="pf-x">\n<table>\n<tr><td>*not emphasis*</td></tr>\n</table>\n</div>')
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
