"""Figures: architecture diagrams drawn from ``diagrams/*.py`` with the `diagrams` library."""
