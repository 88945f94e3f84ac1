"""Architecture diagrams as code: turn ``diagrams/*.py`` into publishable SVG files.

Each diagram is a Python script in ``diagrams/`` built with the `diagrams` library
(https://diagrams.mingrammer.com). Its module docstring is its metadata: the first line is the
title (the default figure caption), the rest is the alt text read to screen-reader users.
Scripts whose name starts with ``_`` are helpers (e.g. ``_style.py``), not diagrams.

How a diagram is rendered:

1. The script runs in a subprocess (``sys.executable``) so a broken script cannot poison the build
   process. The child makes node ids deterministic (``uuid.uuid4`` is replaced by a counter),
   runs the script with ``runpy`` from a scratch directory, and, instead of letting the library
   call Graphviz, captures the DOT source of the one ``Diagram`` the script builds.
2. The parent lays the DOT source out with Graphviz ``dot -Tsvg``.
3. The SVG references icons by absolute local paths (site-packages). Each distinct icon is
   downscaled (with ``dot``'s cairo renderer, so no imaging library is needed), inlined once as a
   ``data:`` URI in a ``<symbol>`` and drawn with ``<use>``. The result holds no local path; that
   is checked before anything is written.
4. The file is written atomically (temp file in the output directory, then ``os.replace``) with a
   cache key embedded as an XML comment. The key covers the script, the helpers it can import,
   the `diagrams` / `graphviz` versions, ``dot -V`` and this module's own source: when nothing
   changed the file is not rewritten (its mtime stays put).

Pure module: no MkDocs import. ``macros/__init__.py`` calls :func:`render_all` at the start of
every build and :func:`figure_html` from the ``diagram()`` macro.
"""

from __future__ import annotations

import ast
import base64
import concurrent.futures
import contextlib
import functools
import hashlib
import html
import math
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

from ..errors import DiagramError, ToolMissing, suggest
from ..rendering.anchors import figure_id, page_dir
from . import toolchain
from .process import run_in_group

Log = Callable[[str], None]

OUTPUT_SUFFIX = ".svg"
ICON_CACHE_SUFFIX = "-icons"  # folder beside the output folder: downscaled icons, by source and size
SCRIPT_TIMEOUT = 60.0  # seconds for running one diagram script
DOT_TIMEOUT = 60.0  # seconds for one `dot` call
ICON_DENSITY = 2.0  # icon raster pixels per drawn point: sharp at 2x screens and in print
ICON_MAX_PX = 256  # never rasterise an icon larger than this
MAX_WORKERS = 4

DOT_MISSING = (
    "Graphviz's `dot` is not installed: run `sudo apt-get install -y graphviz` "
    "(or `make serve`, which installs it when run as root)"
)

_KEY_COMMENT = "<!-- diagram-render cache-key: {} -->"
_KEY_PATTERN = re.compile(rb"<!-- diagram-render cache-key: ([0-9a-f]{64}) -->")
_TMP_PREFIX = ".diagram-"
_TMP_SUFFIX = ".tmp"
# What a published file must never contain: a path into this machine.
_LOCAL_PATH = re.compile(
    r"""(?:file:|(?<![\w.])/(?:root|home|tmp|usr|opt|var|work|Users)/|site-packages|[A-Za-z]:\\)"""
)



@dataclass(frozen=True)
class DiagramInfo:
    name: str
    title: str
    alt: str


@dataclass(frozen=True)
class RenderResult:
    name: str
    path: Path
    rendered: bool  # False: the existing file was up to date and left untouched


# --------------------------------------------------------------------------------------------
# Discovery and metadata
# --------------------------------------------------------------------------------------------


def _shown(path: Path) -> Path:
    """``path`` as the user would type it: relative to the working directory when inside it."""
    try:
        if path.is_absolute() and Path.cwd() in path.parents:
            return Path(os.path.relpath(path))
        return path
    except ValueError:  # another drive on Windows
        return path


def _check_dir(diagrams_dir: Path) -> None:
    if not diagrams_dir.is_dir():
        raise DiagramError(f"diagrams directory not found: {diagrams_dir.resolve()}")
    for shadow in ("__init__.py", "diagrams.py"):
        if (diagrams_dir / shadow).exists():
            raise DiagramError(
                f"{_shown(diagrams_dir / shadow)} must not exist: it would shadow the installed "
                "`diagrams` library. Delete it (diagram scripts need no package file)."
            )


def list_diagrams(diagrams_dir: Path) -> list[str]:
    """Stems of the diagram scripts in ``diagrams_dir``, sorted; ``_helpers.py`` are skipped."""
    diagrams_dir = Path(diagrams_dir)
    _check_dir(diagrams_dir)
    return list(_diagram_names(diagrams_dir, diagrams_dir.stat().st_mtime_ns))


@functools.lru_cache(maxsize=16)  # each diagram() call asks; adding or removing a file changes the mtime
def _diagram_names(diagrams_dir: Path, mtime_ns: int) -> tuple[str, ...]:
    return tuple(sorted(
        p.stem
        for p in diagrams_dir.glob("*.py")
        if p.is_file() and not p.name.startswith(("_", "."))
    ))


def _unknown(diagrams_dir: Path, name: str, names: list[str]) -> DiagramError:
    close = suggest(name, names, known=False)
    hint = f" {close[0].upper()}{close[1:]}" if close else ""
    available = ", ".join(names) or "none"
    missing = _shown(diagrams_dir / f"{name}.py")
    return DiagramError(
        f"unknown diagram {name!r}: there is no {missing}.{hint} "
        f"Available diagrams: {available}."
    )


@functools.lru_cache(maxsize=256)  # a story page per diagram call, many calls per build
def _docstring(script: Path, mtime_ns: int, size: int) -> str | None:
    try:
        tree = ast.parse(script.read_bytes(), filename=str(script))
    except SyntaxError as exc:
        raise DiagramError(f"{script}: syntax error on line {exc.lineno}: {exc.msg}") from None
    return ast.get_docstring(tree, clean=True)


def describe(diagrams_dir: Path, name: str) -> DiagramInfo:
    """Title and alt text of a diagram, read from its module docstring without running it."""
    diagrams_dir = Path(diagrams_dir)
    names = list_diagrams(diagrams_dir)
    if name not in names:
        raise _unknown(diagrams_dir, name, names)
    script = _shown(diagrams_dir / f"{name}.py")
    stat = (diagrams_dir / f"{name}.py").stat()
    doc = _docstring(script, stat.st_mtime_ns, stat.st_size)
    usage = (
        "start the script with a docstring whose first line is the title and whose following "
        "paragraph is the alt text describing what connects to what"
    )
    if not doc or not doc.strip():
        raise DiagramError(f"{script} has no module docstring: {usage}")
    first, _, rest = doc.strip().partition("\n")
    title = first.strip()
    alt = " ".join(rest.split())
    if not alt:
        raise DiagramError(f"{script}: the docstring has a title but no alt text: {usage}")
    return DiagramInfo(name=name, title=title, alt=alt)


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------


def figure_html(
    diagrams_dir: Path,
    name: str,
    caption: str | None,
    page_src_uri: str,
    out_rel: str = "assets/diagrams",
    rendered: Path | None = None,
) -> str:
    """A ``<figure>`` for the page at docs-relative ``page_src_uri`` showing diagram ``name``.

    With ``rendered`` (the SVG the pipeline wrote), the image carries its width and height, so the
    browser reserves its box before it loads (no layout shift), and it loads lazily.

    The image's address is relative to the page's built URL (``page/`` for ``page.md``, as
    ``anchors.href`` writes links): the figure is HTML a view writes whole, not Markdown, so
    MkDocs neither rewrites nor checks it; ``describe`` has checked the diagram exists.
    """
    info = describe(Path(diagrams_dir), name)
    target = posixpath.join(out_rel.replace("\\", "/").strip("/"), name + OUTPUT_SUFFIX)
    src = posixpath.relpath(target, page_dir(page_src_uri.replace("\\", "/").lstrip("/")) or ".")
    text = info.title if caption is None else caption
    size = _svg_size(rendered) if rendered is not None else None
    # Attributes in name order, as the page's Markdown wrote them before; the <figcaption>
    # follows the image on the same line.
    attrs = {"alt": html.escape(info.alt, quote=True), "src": quote(src, safe="/._-~")}
    if size:
        attrs.update(decoding="async", height=str(size[1]), loading="lazy", width=str(size[0]))
    img = " ".join(f'{key}="{value}"' for key, value in sorted(attrs.items()))
    return (
        f'<figure class="pf-diagram" id="{figure_id(name)}">\n'
        f"  <img {img}><figcaption>{html.escape(text, quote=False)}</figcaption>\n"
        "</figure>"
    )


def _svg_size(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return _svg_size_of(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)  # read once per rendered file, not once per page showing it
def _svg_size_of(path: Path, mtime_ns: int, size: int) -> tuple[int, int] | None:
    """Width and height of a rendered diagram, from its root element (CSS px)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8192).decode("utf-8", "replace")
    except OSError:
        return None
    match = re.search(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"', head)
    return (round(float(match.group(1))), round(float(match.group(2)))) if match else None


# --------------------------------------------------------------------------------------------
# Cache key
# --------------------------------------------------------------------------------------------


def _package_version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        raise DiagramError(
            f"the `{dist}` Python package is not installed for {sys.executable}: "
            "run `pip install -r requirements.txt` in the project's virtualenv"
        ) from None


def _environment_key(dot: str) -> bytes:
    dot_version, fonts = toolchain.probe(dot)
    parts = [
        "diagrams=" + _package_version("diagrams"),
        "graphviz=" + _package_version("graphviz"),
        "dot=" + dot_version,
        f"python={sys.version_info[0]}.{sys.version_info[1]}",
        "renderer=" + hashlib.sha256(Path(__file__).read_bytes() + CAPTURE_SCRIPT.read_bytes()).hexdigest(),
        "fonts=" + fonts,
        f"icons={ICON_DENSITY}/{ICON_MAX_PX}",
    ]
    return "\n".join(parts).encode()


def _imported_names(script: Path) -> set[str]:
    try:
        tree = ast.parse(script.read_bytes())
    except SyntaxError:
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def _cache_key(diagrams_dir: Path, name: str, names: list[str], env_key: bytes) -> str:
    """Hash of everything the rendered file depends on.

    That is the script itself, every other file in ``diagrams/`` that it may use (helper modules
    such as ``_style.py``, icons, data), any sibling diagram script it imports, and the tool chain.
    Other diagram scripts are left out so editing one diagram re-renders only that one.
    """
    imported = _imported_names(diagrams_dir / f"{name}.py")
    digest = hashlib.sha256(env_key)
    digest.update(b"\0name\0" + name.encode())
    for path in sorted(diagrams_dir.rglob("*")):
        rel = path.relative_to(diagrams_dir)
        if not path.is_file() or any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            continue
        if path.suffix == ".pyc":
            continue
        is_other_diagram = (
            len(rel.parts) == 1 and path.suffix == ".py" and path.stem in names
            and path.stem != name
        )
        if is_other_diagram and path.stem not in imported:
            continue
        digest.update(b"\0file\0" + rel.as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _stored_key(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    match = _KEY_PATTERN.search(head)
    return match.group(1).decode() if match else None


# --------------------------------------------------------------------------------------------
# Running a script
# --------------------------------------------------------------------------------------------

CAPTURE_SCRIPT = Path(__file__).with_name("capture_dot.py")


def _tail(text: str, lines: int = 12) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def _run_script(diagrams_dir: Path, name: str, timeout: float) -> str:
    """Run ``diagrams/NAME.py`` in a subprocess and return the DOT source it builds."""
    script = (diagrams_dir / f"{name}.py").resolve()
    shown = _shown(diagrams_dir / f"{name}.py")
    env = dict(
        os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8"
    )
    with tempfile.TemporaryDirectory(prefix="diagram-") as scratch:
        dot_out = os.path.join(scratch, "out.gv")
        try:
            proc = run_in_group(
                [sys.executable, "-B", str(CAPTURE_SCRIPT), str(script.parent), str(script), dot_out],
                cwd=scratch, env=env, timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise DiagramError(
                f"{shown} did not finish within {timeout:g} s and was stopped "
                "(an endless loop, or waiting for input or the network?)"
            ) from None
        stderr = proc.stderr.decode("utf-8", "replace")
        stderr = stderr.replace(str(script.parent) + os.sep, str(shown.parent) + os.sep)
        if proc.returncode != 0 or not os.path.exists(dot_out):
            detail = _tail(stderr) or f"exit status {proc.returncode}"
            raise DiagramError(f"{shown} failed:\n{detail}")
        with open(dot_out, encoding="utf-8") as fh:
            return fh.read()


def _run_dot(dot: str, args: list[str], data: bytes, cwd: Path, what: str) -> tuple[bytes, str]:
    try:
        proc = subprocess.run(
            [dot, *args], input=data, cwd=cwd, capture_output=True, timeout=DOT_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise DiagramError(f"`dot` did not finish {what} within {DOT_TIMEOUT:g} s") from None
    except OSError as exc:
        raise DiagramError(f"could not run `dot` for {what}: {exc}") from None
    stderr = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0 or not proc.stdout:
        raise DiagramError(f"`dot` failed {what}:\n{_tail(stderr) or proc.returncode}")
    return proc.stdout, stderr


# --------------------------------------------------------------------------------------------
# Icons: inline, deduplicated, downscaled
# --------------------------------------------------------------------------------------------

_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
         ".svg": "image/svg+xml", ".webp": "image/webp"}
_icon_cache: dict[tuple[str, int, int, int], tuple[bytes, tuple[int, int] | None]] = {}
_IMAGE = re.compile(r"<image\b([^>]*?)/>")
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return None


def _icon_bytes(dot: str, path: Path, longest: int, icon_dir: Path | None = None) -> tuple[bytes, tuple[int, int] | None]:
    """The icon's bytes to inline and its pixel size.

    A PNG bigger than ``longest`` pixels is downscaled with ``dot``'s cairo renderer (good
    filtering, no imaging library needed); other formats are inlined as they are. Downscaled
    icons are kept in ``icon_dir`` too: `mkdocs serve` re-imports this module on every rebuild,
    and downscaling a diagram's icons again took a third of the time of a diagram edit.
    """
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, longest)
    if key in _icon_cache:
        return _icon_cache[key]
    data = path.read_bytes()
    size = _png_size(data)
    stored = None
    if icon_dir is not None and size and max(size) > longest:
        digest = hashlib.sha256(repr((*key, dot, toolchain.dot_version(dot), ICON_DENSITY)).encode()).hexdigest()
        stored = icon_dir / f"{digest}.png"
        if stored.is_file():
            small = stored.read_bytes()
            if _png_size(small):
                _icon_cache[key] = (small, _png_size(small))
                return _icon_cache[key]
    if size and max(size) > longest:
        w, h = size
        scale = longest / max(w, h)
        tw, th = max(1, round(w * scale)), max(1, round(h * scale))
        escaped = str(path).replace("\\", "\\\\").replace('"', '\\"')
        graph = (
            "digraph{graph[pad=0,margin=0,bgcolor=transparent,dpi=72];"
            f'node[shape=none,label="",margin=0,fixedsize=true,imagescale=true,'
            f'width={tw / 72:.6f},height={th / 72:.6f},image="{escaped}"];i}}'
        )
        small, _ = _run_dot(dot, ["-Tpng"], graph.encode(), path.parent, f"downscaling {path.name}")
        if _png_size(small) == (tw, th) and len(small) < len(data):
            data, size = small, (tw, th)
        if stored is not None:  # the outcome, even when the original stays the smaller
            with contextlib.suppress(OSError):  # a cache, not an output: a failed write costs time only
                _write_atomic(stored, data)
    _icon_cache[key] = (data, size)
    return data, size


def _length(value: str) -> float:
    try:
        return float(re.sub(r"[a-z%]+$", "", value.strip()))
    except ValueError:
        return 0.0


def _inline_icons(svg: str, dot: str, base: Path, shown: Path, icon_dir: Path | None = None) -> str:
    """Replace ``<image xlink:href="/abs/icon.png">`` by ``<use>`` of one inlined symbol per icon.

    Each distinct icon is stored once, as a ``data:`` URI, rasterised at ICON_DENSITY times the
    largest size it is drawn at (sharp on high-density screens and in print, yet small).
    """
    images = []  # (match, attrs, path, aspect)
    drawn: dict[tuple[str, str], float] = {}
    for match in _IMAGE.finditer(svg):
        attrs = dict(_ATTR.findall(match.group(1)))
        href = html.unescape(attrs.pop("xlink:href", attrs.pop("href", "")))
        if href.startswith(("data:", "#")):
            continue
        path = Path(href) if os.path.isabs(href) else base / href
        if not path.is_file():
            raise DiagramError(f"{shown}: icon not found: {href}")
        aspect = attrs.pop("preserveAspectRatio", "xMidYMid meet")
        key = (str(path.resolve()), aspect)
        size = max(_length(attrs.get("width", "0")), _length(attrs.get("height", "0")))
        drawn[key] = max(drawn.get(key, 0.0), size)
        images.append((match, attrs, path, key))

    symbols: dict[tuple[str, str], str] = {}
    defs: list[str] = []
    pieces: list[str] = []
    last = 0
    for match, attrs, path, key in images:
        if key not in symbols:
            longest = max(16, math.ceil(ICON_DENSITY * drawn[key])) if drawn[key] else ICON_MAX_PX
            data, pixels = _icon_bytes(dot, path, min(longest, ICON_MAX_PX), icon_dir)
            stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "icon"
            ident = f"icon-{stem}"
            while ident in symbols.values():
                ident += "-"
            symbols[key] = ident
            mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
            uri = f"data:{mime};base64,{base64.b64encode(data).decode()}"
            if pixels:
                box = f' viewBox="0 0 {pixels[0]} {pixels[1]}"'
                dims = f'width="{pixels[0]}" height="{pixels[1]}"'
            else:
                box, dims = "", 'width="100%" height="100%"'
            defs.append(
                f'<symbol id="{ident}"{box} preserveAspectRatio="{key[1]}">'
                f'<image {dims} xlink:href="{uri}"/></symbol>'
            )
        for unit in ("width", "height"):
            if attrs.get(unit, "").endswith("px"):
                attrs[unit] = attrs[unit][:-2]
        rest = "".join(f' {k}="{v}"' for k, v in attrs.items())
        pieces += [svg[last:match.start()], f'<use xlink:href="#{symbols[key]}"{rest}/>']
        last = match.end()
    pieces.append(svg[last:])
    svg = "".join(pieces)
    if defs:
        block = "\n<defs>\n" + "\n".join(defs) + "\n</defs>"
        svg = re.sub(r"<svg\b[^>]*>", lambda m: m.group(0) + block, svg, count=1)
    return svg


def _finish_svg(svg: str, key: str) -> str:
    """Size the image, drop Graphviz's comments (node ids, title) and add the cache key.

    Graphviz sizes the SVG in points, so a 16 pt label shows at 21 CSS px when the image is not
    scaled down: bigger than the page's text. Giving the size in CSS px instead (1 pt of layout =
    1 px, the viewBox is unchanged) makes small diagrams match the page and large ones shrink less.
    """
    svg = re.sub(
        r"<svg\b[^>]*>",
        lambda m: re.sub(r'\b(width|height)="([\d.]+)pt"', r'\1="\2"', m.group(0)),
        svg,
        count=1,
    )
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.S)
    svg = re.sub(r"<title>[^<]*</title>\n?", "", svg)
    head, sep, body = svg.partition("?>\n")
    if not sep:
        head, body = "", svg
    else:
        head += sep
    return head + _KEY_COMMENT.format(key) + "\n" + body


def _check_publishable(svg: str, shown: Path) -> None:
    # Leave the inlined icons out: base64 can spell "/tmp/" by chance.
    text = re.sub(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]*", "data:", svg)
    leak = _LOCAL_PATH.search(text)
    if leak:
        start = max(0, leak.start() - 60)
        raise DiagramError(
            f"{shown}: the rendered SVG still contains a local path near "
            f"{text[start:leak.end() + 60]!r}; refusing to publish it"
        )


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(
        prefix=f"{_TMP_PREFIX}{path.stem}.", suffix=_TMP_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _clean_out_dir(out_dir: Path, names: list[str]) -> None:
    """Remove outputs of deleted diagrams (only files this module wrote) and stale temp files."""
    now = time.time()
    for path in out_dir.iterdir():
        if not path.is_file():
            continue
        if path.name.startswith(_TMP_PREFIX) and path.name.endswith(_TMP_SUFFIX):
            if now - path.stat().st_mtime > 600:  # an interrupted build's leftover
                path.unlink(missing_ok=True)
        elif path.suffix == OUTPUT_SUFFIX and path.stem not in names and _stored_key(path):
            path.unlink(missing_ok=True)


def _render_one(
    diagrams_dir: Path, name: str, out_path: Path, key: str, dot: str, timeout: float
) -> tuple[int, list[str]]:
    """Render one diagram to ``out_path``; returns (bytes written, Graphviz warnings)."""
    shown = _shown(diagrams_dir / f"{name}.py")
    base = diagrams_dir.resolve()  # relative icon paths are relative to diagrams/
    source = _run_script(diagrams_dir, name, timeout)
    raw, warnings = _run_dot(dot, ["-Tsvg"], source.encode(), base, f"laying out {shown}")
    # Beside the output folder, not in it: that one holds the SVGs and nothing else.
    icon_dir = out_path.parent.with_name(out_path.parent.name + ICON_CACHE_SUFFIX)
    icon_dir.mkdir(exist_ok=True)
    svg = _finish_svg(_inline_icons(raw.decode("utf-8"), dot, base, shown, icon_dir), key)
    _check_publishable(svg, shown)
    data = svg.encode("utf-8")
    try:
        _write_atomic(out_path, data)
    except OSError as exc:
        raise DiagramError(f"could not write {out_path}: {exc}") from None
    return len(data), [w for w in warnings.splitlines() if w.strip()]


def render_all(
    diagrams_dir: Path,
    out_dir: Path,
    log: Log | None = None,
    *,
    timeout: float = SCRIPT_TIMEOUT,
) -> list[RenderResult]:
    """Render every diagram in ``diagrams_dir`` to ``out_dir/NAME.svg``, skipping unchanged ones.

    Raises :class:`DiagramError` if any diagram fails (after rendering all the others); a failed
    diagram's previous image, if any, is left as it was.
    """
    diagrams_dir, out_dir = Path(diagrams_dir), Path(out_dir)
    say = log or (lambda message: None)
    names = list_diagrams(diagrams_dir)
    if not names:
        if out_dir.is_dir():
            _clean_out_dir(out_dir, names)
        return []
    dot = shutil.which("dot")
    if not dot:
        raise ToolMissing(DOT_MISSING)
    out_dir.mkdir(parents=True, exist_ok=True)
    _clean_out_dir(out_dir, names)
    env_key = _environment_key(dot)

    results: dict[str, RenderResult] = {}
    todo: dict[str, str] = {}
    for name in names:
        out_path = out_dir / f"{name}{OUTPUT_SUFFIX}"
        key = _cache_key(diagrams_dir, name, names, env_key)
        if _stored_key(out_path) == key:
            results[name] = RenderResult(name, out_path, False)
        else:
            todo[name] = key

    errors: dict[str, str] = {}
    outcomes: dict[str, tuple[int, list[str]]] = {}
    if todo:
        with concurrent.futures.ThreadPoolExecutor(max_workers=min(MAX_WORKERS, len(todo))) as pool:
            futures = {
                name: pool.submit(
                    _render_one, diagrams_dir, name, out_dir / f"{name}{OUTPUT_SUFFIX}", key, dot,
                    timeout,
                )
                for name, key in todo.items()
            }
            for name, future in futures.items():
                try:
                    outcomes[name] = future.result()
                except DiagramError as exc:
                    errors[name] = str(exc)

    for name in names:
        if name in results:
            say(f"{name} unchanged")
        elif name in outcomes:
            size, warnings = outcomes[name]
            for warning in warnings:
                say(f"{name}: dot: {warning}")
            say(f"rendered {name} ({size / 1024:.1f} KB)")
            results[name] = RenderResult(name, out_dir / f"{name}{OUTPUT_SUFFIX}", True)
    if errors:
        raise DiagramError("\n\n".join(errors[name] for name in names if name in errors))
    return [results[name] for name in names]
