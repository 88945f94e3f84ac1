"""Architecture diagrams as code: macros/diagram_render.py and the scripts in diagrams/.

Rendering needs Graphviz's `dot`. Without it the rendering tests are skipped locally, but fail
when CI=true: CI must render the real diagrams. Every output goes to a pytest temp dir (never
docs/); the real diagrams are rendered once per session and shared.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from interview_portfolio.errors import DiagramError, ToolMissing
from interview_portfolio.figures import render as diagram_render

ROOT = Path(__file__).resolve().parents[2]
DIAGRAMS = ROOT / "diagrams"
REAL = ["bsp", "speech_feedback", "streaming_x"]
LOCAL_PATH = re.compile(r"/root/|/home/|site-packages|/tmp/|/work/|file:")


@pytest.fixture(scope="session")
def dot() -> str:
    found = shutil.which("dot")
    if not found:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Graphviz's `dot` is missing on CI: install graphviz before the tests")
        pytest.skip("Graphviz's `dot` is not installed (sudo apt-get install -y graphviz)")
    return found


@pytest.fixture(scope="session")
def rendered(dot, tmp_path_factory) -> dict[str, Path]:
    """The real diagrams rendered into two separate directories: {'a': dir, 'b': dir}."""
    dirs = {}
    for label in ("a", "b"):
        out = tmp_path_factory.mktemp(f"render-{label}")
        results = diagram_render.render_all(DIAGRAMS, out)
        assert [r.name for r in results] == REAL
        assert all(r.rendered for r in results)
        dirs[label] = out
    return dirs


def write_diagram(
    folder: Path, name: str, body: str, doc: str = "Tiny\n\nA box connected to a box."
) -> Path:
    """A small diagram script in ``folder`` (no icons: renders in a fraction of a second)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / f"{name}.py"
    script.write_text(f'"""{doc}\n"""\n' + textwrap.dedent(body), encoding="utf-8")
    return script


TINY = """
from diagrams import Diagram, Node
with Diagram("", show=False, outformat="svg"):
    Node("a", shape="box") >> Node("b", shape="box")
"""


# ------------------------------------------------------------------------------------------
# Discovery and metadata (no dot needed)
# ------------------------------------------------------------------------------------------


def test_diagrams_dir_cannot_shadow_the_library():
    assert not (DIAGRAMS / "__init__.py").exists()
    assert not (DIAGRAMS / "diagrams.py").exists()


def test_list_diagrams_skips_helpers():
    assert diagram_render.list_diagrams(DIAGRAMS) == REAL


@pytest.mark.parametrize("name", REAL)
def test_every_diagram_has_a_title_and_real_alt_text(name):
    info = diagram_render.describe(DIAGRAMS, name)
    assert info.name == name
    assert 0 < len(info.title) <= 80
    assert len(info.alt.split()) >= 40, "alt text should describe what connects to what"
    assert "\n" not in info.alt


def test_describe_reads_the_docstring_without_running_the_script(tmp_path):
    doc = "Title line\n\nAlt  text\n  spread over lines."
    write_diagram(tmp_path, "side_effect", "raise SystemExit('must not run')\n", doc=doc)
    info = diagram_render.describe(tmp_path, "side_effect")
    assert (info.title, info.alt) == ("Title line", "Alt text spread over lines.")


def test_describe_without_docstring_says_what_to_write(tmp_path):
    (tmp_path / "bare.py").write_text("x = 1\n")
    with pytest.raises(DiagramError, match="no module docstring"):
        diagram_render.describe(tmp_path, "bare")


def test_unknown_diagram_is_named_with_a_suggestion():
    with pytest.raises(DiagramError) as err:
        diagram_render.describe(DIAGRAMS, "speech_feedbak")
    message = str(err.value)
    assert "'speech_feedbak'" in message
    assert "Did you mean 'speech_feedback'?" in message


def test_figure_html_unknown_name():
    with pytest.raises(DiagramError, match=r"'bps'.*Did you mean 'bsp'"):
        diagram_render.figure_html(DIAGRAMS, "bps", None, "index.md")


def test_figure_html_links_relative_to_the_built_page_and_carries_the_alt_text():
    info = diagram_render.describe(DIAGRAMS, "bsp")
    figure = diagram_render.figure_html(DIAGRAMS, "bsp", None, "stories/bsp-most-proud.md")
    assert figure.startswith('<figure class="pf-diagram" id="diagram-bsp">')
    assert 'src="../../assets/diagrams/bsp.svg"' in figure  # the page is built at stories/bsp-most-proud/
    assert f"<figcaption>{html.escape(info.title, quote=False)}</figcaption>" in figure
    assert f'alt="{html.escape(info.alt)}"' in figure
    assert 'src="assets/diagrams/bsp.svg"' in diagram_render.figure_html(DIAGRAMS, "bsp", None, "index.md")
    assert 'src="../assets/diagrams/bsp.svg"' in diagram_render.figure_html(DIAGRAMS, "bsp", None, "guide/index.md")


def test_figure_html_escapes_the_caption_and_the_alt(tmp_path):
    alt = 'Alt with [brackets], *stars*, `ticks`, <b>tags</b> & "quotes".'
    write_diagram(tmp_path, "weird", TINY, doc=f"Title\n\n{alt}")
    caption = '<script>alert("x")</script> & co'
    figure = diagram_render.figure_html(tmp_path, "weird", caption, "a/b/c.md")
    assert "<script>" not in figure and "<b>" not in figure
    assert "<figcaption>&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; co</figcaption>" in figure
    assert 'src="../../../assets/diagrams/weird.svg"' in figure
    assert html.unescape(re.search(r'alt="([^"]*)"', figure).group(1)) == alt
    assert html.unescape(re.search(r"<figcaption>(.*?)</figcaption>", figure).group(1)) == caption


# ------------------------------------------------------------------------------------------
# Rendering the real diagrams
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", REAL)
def test_real_diagram_renders_to_a_publishable_svg(rendered, name):
    svg = (rendered["a"] / f"{name}.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml")
    assert "<svg" in svg and svg.rstrip().endswith("</svg>")
    assert len(svg.encode()) <= 110 * 1024, "aim at <= ~100 KB per diagram"
    assert not LOCAL_PATH.search(re.sub(r"data:[^\"]*", "", svg)), "local path in the output"
    hrefs = re.findall(r'(?:xlink:)?href="([^"]*)"', svg)
    assert all(h.startswith(("data:image/", "#")) for h in hrefs), hrefs
    # each distinct icon is inlined once and reused
    uris = re.findall(r'href="(data:[^"]*)"', svg)
    assert len(uris) == len(set(uris))


def test_rendering_is_byte_identical(rendered):
    for name in REAL:
        first = (rendered["a"] / f"{name}.svg").read_bytes()
        assert first == (rendered["b"] / f"{name}.svg").read_bytes()


def test_unchanged_scripts_are_not_rerendered_and_changed_ones_are(rendered, tmp_path):
    source = tmp_path / "diagrams"
    shutil.copytree(DIAGRAMS, source, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "out"
    out.mkdir()
    for name in REAL:  # start from an earlier build's output
        shutil.copy2(rendered["a"] / f"{name}.svg", out / f"{name}.svg")
        os.utime(out / f"{name}.svg", ns=(1_000_000_000, 1_000_000_000))
    messages: list[str] = []

    results = diagram_render.render_all(source, out, messages.append)
    assert [r.rendered for r in results] == [False, False, False]
    assert messages == [f"{name} unchanged" for name in REAL]
    assert all((out / f"{n}.svg").stat().st_mtime_ns == 1_000_000_000 for n in REAL)

    script = source / "streaming_x.py"
    script.write_text(script.read_text() + "\n# edited\n")
    messages.clear()
    results = diagram_render.render_all(source, out, messages.append)
    assert {r.name: r.rendered for r in results} == {
        "bsp": False, "speech_feedback": False, "streaming_x": True,
    }
    assert re.fullmatch(r"rendered streaming_x \(\d+\.\d KB\)", messages[-1])
    assert (out / "bsp.svg").stat().st_mtime_ns == 1_000_000_000
    assert (out / "streaming_x.svg").stat().st_mtime_ns != 1_000_000_000


def test_changing_a_shared_helper_rerenders_the_diagrams_using_it(dot, tmp_path):
    source = tmp_path / "d"
    write_diagram(source, "one", "from _helper import LABEL\n" + TINY.replace('"a"', "LABEL"))
    write_diagram(source, "two", TINY)
    (source / "_helper.py").write_text('LABEL = "first"\n')
    out = tmp_path / "out"
    assert all(r.rendered for r in diagram_render.render_all(source, out))
    (source / "_helper.py").write_text('LABEL = "second"\n')
    results = diagram_render.render_all(source, out)
    assert [r.rendered for r in results] == [True, True]  # any helper may be imported by any script
    assert "second" in (out / "one.svg").read_text()
    assert not list(out.glob(".*"))  # no temp files left behind
    # nothing written next to the scripts (diagrams/ is watched by `mkdocs serve`)
    assert sorted(p.name for p in source.iterdir()) == ["_helper.py", "one.py", "two.py"]


def test_failing_script_names_itself_and_leaves_no_file(dot, tmp_path):
    source = tmp_path / "d"
    write_diagram(source, "broken", 'raise RuntimeError("the queue icon is missing")\n')
    out = tmp_path / "out"
    with pytest.raises(DiagramError) as err:
        diagram_render.render_all(source, out)
    message = str(err.value)
    assert "broken.py" in message
    assert "RuntimeError: the queue icon is missing" in message
    assert sorted(p.name for p in out.iterdir()) == []


def test_failure_keeps_the_previous_good_image(dot, tmp_path):
    source = tmp_path / "d"
    script = write_diagram(source, "tiny", TINY)
    out = tmp_path / "out"
    diagram_render.render_all(source, out)
    good = (out / "tiny.svg").read_bytes()
    script.write_text(script.read_text() + "\n1 / 0\n")
    with pytest.raises(DiagramError, match="ZeroDivisionError"):
        diagram_render.render_all(source, out)
    assert (out / "tiny.svg").read_bytes() == good
    assert sorted(p.name for p in out.iterdir()) == ["tiny.svg"]


def test_script_building_no_diagram_is_an_error(dot, tmp_path):
    source = tmp_path / "d"
    write_diagram(source, "empty", "x = 1\n")
    with pytest.raises(DiagramError, match="exactly one"):
        diagram_render.render_all(source, tmp_path / "out")


def test_slow_script_times_out_with_a_clear_error(dot, tmp_path):
    source = tmp_path / "d"
    write_diagram(source, "slow", "import time\ntime.sleep(30)\n")
    with pytest.raises(DiagramError, match=r"slow\.py did not finish within 1 s"):
        diagram_render.render_all(source, tmp_path / "out", timeout=1)


def test_missing_dot_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(diagram_render.shutil, "which", lambda name, *a, **k: None)
    with pytest.raises(ToolMissing) as err:
        diagram_render.render_all(DIAGRAMS, tmp_path / "out")
    assert "Graphviz's `dot` is not installed" in str(err.value)
    assert "`sudo apt-get install -y graphviz`" in str(err.value)
    assert "make serve" in str(err.value)


def test_deleted_diagram_output_is_removed(dot, tmp_path):
    source = tmp_path / "d"
    write_diagram(source, "keep", TINY)
    old = write_diagram(source, "gone", TINY)
    out = tmp_path / "out"
    diagram_render.render_all(source, out)
    (out / "unrelated.svg").write_text("<svg/>")  # not ours: left alone
    old.unlink()
    diagram_render.render_all(source, out)
    assert sorted(p.name for p in out.iterdir()) == ["keep.svg", "unrelated.svg"]


def test_package_file_in_diagrams_dir_is_refused(tmp_path):
    write_diagram(tmp_path, "tiny", TINY)
    (tmp_path / "__init__.py").write_text("")
    with pytest.raises(DiagramError, match="would shadow the installed `diagrams` library"):
        diagram_render.list_diagrams(tmp_path)


def test_figure_reserves_the_rendered_size_and_loads_lazily(tmp_path):
    out = tmp_path / "out"
    diagram_render.render_all(DIAGRAMS, out)
    figure = diagram_render.figure_html(DIAGRAMS, "bsp", None, "stories/x.md", rendered=out / "bsp.svg")
    width, height = re.search(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"',
                              (out / "bsp.svg").read_text(encoding="utf-8")).groups()
    assert f'height="{round(float(height))}" loading="lazy"' in figure
    assert 'decoding="async"' in figure and f'width="{round(float(width))}">' in figure
    assert "width=" not in diagram_render.figure_html(DIAGRAMS, "bsp", None, "stories/x.md")


def test_downscaled_icons_are_kept_on_disk_for_the_next_rebuild(dot, tmp_path, monkeypatch):
    diagrams = tmp_path / "diagrams"
    shutil.copytree(DIAGRAMS, diagrams)
    out = tmp_path / "out"
    diagram_render._icon_cache.clear()  # other tests of this session filled it
    first = diagram_render.render_all(diagrams, out)
    assert any(r.rendered for r in first)
    assert list((tmp_path / "out-icons").glob("*.png"))  # beside the SVGs, not among them
    assert sorted(p.suffix for p in out.iterdir()) == [".svg"] * len(first)

    # As after `mkdocs serve` re-imports the module: the memory cache is gone, the disk one is not.
    diagram_render._icon_cache.clear()
    downscaled = []
    real_run_dot = diagram_render._run_dot
    monkeypatch.setattr(diagram_render, "_run_dot", lambda dot_path, args, *rest: (
        downscaled.append(args) if "-Tpng" in args else None) or real_run_dot(dot_path, args, *rest))
    script = diagrams / "bsp.py"
    script.write_text(script.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    again = diagram_render.render_all(diagrams, out)
    assert [r.name for r in again if r.rendered] == ["bsp"]
    assert downscaled == []
    assert (out / "bsp.svg").read_bytes().count(b"data:image/png;base64,") > 0
