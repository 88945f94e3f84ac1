"""Streaming X: real-time and historical data flow

Events of type X arrive from 7 different sources and go through ingestion, which handles more
than a billion events. A stateful stream processor keeps the latest sequence it has seen and
checks the order of every update: a newer update is pushed to the UI in real time, while a stale
or out-of-order update is dropped instead of being rebroadcast. The processor writes events to the
historical store asynchronously, off the real-time path, and the UI queries that store when the
user asks for history. In the old design every event was written synchronously to the historical
store before it could be shown, and that write path was the bottleneck.
"""

from diagrams.onprem.client import Client

from _style import aside, box, diagram, flow, group, same_rank

BLUE, AMBER, GREY = "#DCEBF7", "#FDF1D6", "#EEF1F3"

with diagram(__file__, direction="TB"):
    sources = box("7 sources\nof X events", shape="box3d", style="filled", fillcolor=BLUE)
    ingest = box("Ingestion\n1B+ events", shape="parallelogram", style="filled", fillcolor=BLUE)

    with group("Stateful stream processing"):
        state = box("Per-stream state:\nlast sequence seen", style="rounded")
        check = box("Newer than\nlast seen?", shape="diamond", style="filled", fillcolor=AMBER,
                    margin="0.02")
        stale = box("Stale: dropped,\nnot rebroadcast", style="rounded,dashed", fontsize="14")

    ui = Client("UI\nlive view + history")
    store = box("Historical\nstore", shape="cylinder", style="filled", fillcolor=GREY)

    sources >> flow() >> ingest >> flow() >> state >> flow("each\nupdate") >> check
    check >> flow("yes: push live") >> ui
    check >> aside("no") >> stale
    state >> aside("async\nwrite") >> store
    store >> flow("history\nqueries") >> ui
    ingest >> aside(
        "before: synchronous write,\nthe bottleneck", color="#C0392B", fontcolor="#C0392B"
    ) >> store

    same_rank(check, store)
