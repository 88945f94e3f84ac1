"""Interview portfolio: stories as Markdown with structured front matter, turned into a site,
PDFs, an interviewer kit and a drill.

Sub-packages by job:

- ``stories``: the front-matter model, the competency vocabulary, loading (front matter and one
  scan of each body), links between stories, lint and worked examples.
- ``rendering``: escaping, anchors, number formatting, and the views of one story, of the whole
  portfolio and of the printed outputs.
- ``figures``: architecture diagrams drawn from ``diagrams/*.py``.
- ``export``: the PDF printer (system Chromium through Playwright).

``build`` is the safe site build (lock, staging folder, swap) and ``cli`` the Typer command line.
Nothing here imports MkDocs except ``build`` (which runs it) and the glue in ``macros/``.
"""
