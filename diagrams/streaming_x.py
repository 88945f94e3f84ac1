"""Streaming X: real-time and historical data flow

Events of type X arrive from 7 different sources and go through ingestion, more than a billion
events in all. Stateful stream processing applies the ordering logic that was whiteboarded and
validated with integration tests, so a stale update is not rebroadcast, and pushes events to the
UI in real time. Historical events sit in a historical store that the UI reads for history; in
the old architecture, writing historical events was too slow for the reads users needed, which
is what forced the overhaul. Only the shape that the engineer's outline describes is drawn; it
names no components.
"""

from diagrams.onprem.client import Client

from _style import aside, box, diagram, flow, group, same_rank

BLUE, AMBER, GREY = "#DCEBF7", "#FDF1D6", "#EEF1F3"

with diagram(__file__, direction="TB"):
    sources = box("7 sources\nof X events", shape="box3d", style="filled", fillcolor=BLUE)
    ingest = box("Ingestion\n1B+ events", shape="parallelogram", style="filled", fillcolor=BLUE)

    with group("Stateful stream processing"):
        state = box("Stream state", style="rounded")
        check = box("Ordering\nlogic", shape="diamond", style="filled", fillcolor=AMBER,
                    margin="0.02")
        stale = box("Stale update:\nnot rebroadcast", style="rounded,dashed", fontsize="14")

    ui = Client("UI\nlive view + history")
    store = box("Historical\nstore", shape="cylinder", style="filled", fillcolor=GREY)

    sources >> flow() >> ingest >> flow() >> state >> flow("each\nupdate") >> check
    check >> flow("in order:\npush live") >> ui
    check >> aside("stale") >> stale
    store >> flow("history") >> ui
    ingest >> aside(
        "old architecture: historical\nwrites too slow", color="#C0392B", fontcolor="#C0392B"
    ) >> store

    same_rank(check, store)
