"""A PDF's text layer → positioned pages: opened within limits (``open``, ``guard``), each
page's glyphs and borders read (``pages``), sideways text turned (``turn``), lost or
garbled text noticed (``lost``)."""
