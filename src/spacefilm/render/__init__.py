"""Renderers: plain data in, text out (tables, machine formats, Rich views, the chart), and the one Output."""
