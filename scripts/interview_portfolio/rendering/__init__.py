"""Rendering: escaping, anchors, number formatting, and the views (one story, the portfolio, print)."""
