"""Renderers: they only format what the library computed (terminal, Markdown, CSV, JSON)."""
