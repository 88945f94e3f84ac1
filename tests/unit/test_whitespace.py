"""rendering/whitespace.py: blank runs squeezed, preformatted text untouched."""

from interview_portfolio.rendering.whitespace import squeeze


def test_blank_runs_with_a_line_break_become_one_line_break():
    page = "<ul>\n      \n    <li>a</li>\n\n\t  <li>b  c</li> \n  </ul>"
    assert squeeze(page) == "<ul>\n<li>a</li>\n<li>b  c</li> \n</ul>"


def test_preformatted_and_code_text_is_kept_as_written():
    block = '<pre><code>line 1\n\n    indented\n</code></pre>'
    inline = "<code>a\n\n   b</code>"
    script = '<script type="application/json">{"a":\n   1}</script>'
    textarea = "<textarea>x\n\n  y</textarea>"
    page = f"<div>\n\n  {block}\n   {inline}\n  {script}\n {textarea}\n  </div>"
    assert squeeze(page) == f"<div>\n{block}\n{inline}\n{script}\n{textarea}\n</div>"


def test_spaces_without_a_line_break_are_left_alone():
    assert squeeze("<p>two  spaces</p>") == "<p>two  spaces</p>"
