"""Shared look for the architecture diagrams (a helper, not a diagram: '_' names are skipped).

A diagram script builds its nodes inside ``with diagram(__file__, direction="LR"):``, groups them
with ``group("Label")`` and connects them with ``flow()`` (main data path), ``both()`` (two-way
stream) or ``aside()`` (dashed: control, security, monitoring). Its module docstring is its
metadata: first line the title, then a paragraph of alt text saying what connects to what.

The site build runs each script through ``macros/diagram_render.py``: it captures the Graphviz
source, lays it out with ``dot`` and inlines the icons, so the published SVG holds no local path.
Running a script directly (``python diagrams/bsp.py``) writes ``bsp.svg`` to the current
directory for a quick look (that file references icons by local path: do not publish it).

Sizing: the SVG is published with 1 layout point = 1 CSS px, so 16 pt labels show at 16 px when
the diagram fits the page and shrink with it otherwise. Keep a diagram at or under ~800 units
wide (the Material content column is ~700-750 px; an A4 page ~720 px): few ranks, labels broken
over short lines, long explanations in node labels rather than on edges (in a left-to-right
layout every edge label widens the gap between two columns).
"""

from __future__ import annotations

import html
from pathlib import Path

from diagrams import Cluster, Diagram, Edge, Node, getdiagram

# Helvetica resolves to Liberation Sans / Arial (metric-compatible) where it is missing, so the
# text widths Graphviz measures match what browsers draw.
FONT = "Helvetica,Arial,sans-serif"
INK = "#2D3436"
MUTED = "#5F6B75"
LINE = "#7B8894"

GRAPH_ATTR = {
    "fontname": FONT,
    "fontsize": "17",
    "fontcolor": INK,
    "pad": "0.25",
    "nodesep": "0.35",
    "ranksep": "0.4",
    "splines": "spline",
    "newrank": "true",  # rank=same works across clusters
    "compound": "true",  # edges may end at a cluster's border (lhead / ltail)
    "bgcolor": "white",
}

NODE_ATTR = {
    "fontname": FONT,
    "fontsize": "16",
    "fontcolor": INK,
}

EDGE_ATTR = {
    "fontname": FONT,
    "fontsize": "14",
    "fontcolor": MUTED,
    "color": LINE,
    "penwidth": "1.3",
    "arrowsize": "0.8",
}

CLUSTER_ATTR = {
    "fontname": FONT,
    "fontsize": "16",
    "fontcolor": INK,
    "margin": "12",
}

ICON_PT = 46  # side of the box an icon is fitted into, in points


def _iconify(label: str, attrs: dict) -> tuple[str, dict]:
    """Draw an icon node as an HTML-like table: a fixed-size icon above its label.

    The library makes a fixed 1.4 x 1.9 in box with the icon scaled inside and the label painted
    over its bottom, so Graphviz does not know how wide a label is and long labels spill over
    their neighbours. A table node is exactly as big as icon plus label.
    """
    image = attrs.get("image")
    if not image:
        return label, attrs
    rest = {k: v for k, v in attrs.items() if k not in ("image", "height", "width", "shape")}
    rows = (
        f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{ICON_PT}" HEIGHT="{ICON_PT}">'
        f'<IMG SRC="{html.escape(image, quote=True)}" SCALE="TRUE"/></TD></TR>'
    )
    if label:
        rows += "<TR><TD>" + "<BR/>".join(html.escape(s) for s in label.split("\n")) + "</TD></TR>"
    table = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" CELLPADDING="0">{rows}</TABLE>>'
    return table, {**rest, "shape": "plain", "fixedsize": "false", "width": "0", "height": "0"}


class _Diagram(Diagram):
    def node(self, nodeid: str, label: str, **attrs) -> None:
        label, attrs = _iconify(label, attrs)
        super().node(nodeid, label, **attrs)


class _Cluster(Cluster):
    def node(self, nodeid: str, label: str, **attrs) -> None:
        label, attrs = _iconify(label, attrs)
        super().node(nodeid, label, **attrs)


def diagram(script: str, *, direction: str = "LR", graph_attr: dict | None = None) -> Diagram:
    """A ``Diagram`` named after the calling script (pass ``__file__``); SVG, never opened.

    It has no title inside the image: the page's <figcaption> carries it.
    """
    return _Diagram(
        "",
        filename=Path(script).stem,
        direction=direction,
        outformat="svg",
        show=False,
        graph_attr={**GRAPH_ATTR, **(graph_attr or {})},
        node_attr=NODE_ATTR,
        edge_attr=EDGE_ATTR,
    )


def group(label: str, **graph_attr: str) -> Cluster:
    """A ``Cluster`` with the shared font; extra Graphviz attributes (bgcolor, labelloc...)."""
    return _Cluster(label, graph_attr={**CLUSTER_ATTR, **graph_attr})


def flow(label: str = "", **attrs: str) -> Edge:
    """A solid edge: the main data path."""
    return Edge(label=label, **attrs)


def both(label: str = "", **attrs: str) -> Edge:
    """A two-way edge (a bidirectional stream): ``a >> both("label") >> b``."""
    return Edge(label=label, reverse=True, **attrs)


def aside(label: str = "", **attrs: str) -> Edge:
    """A dashed edge: control, security and monitoring paths."""
    return Edge(label=label, style="dashed", **attrs)


def box(label: str, **attrs: str) -> Node:
    """A node without an icon (the label in a rounded box); Graphviz attributes as keywords."""
    base = {
        "shape": "box", "style": "rounded", "fixedsize": "false", "width": "0", "height": "0",
        "margin": "0.14,0.08", "color": LINE, "penwidth": "1.2",
    }
    return Node(label, **{**base, **attrs})


def same_rank(*nodes: Node) -> None:
    """Keep nodes in one rank (one column left-to-right, one row top-to-bottom), across clusters."""
    ids = "; ".join(f'"{node.nodeid}"' for node in nodes)
    getdiagram().dot.body.append(f"{{rank=same; {ids}}}")
