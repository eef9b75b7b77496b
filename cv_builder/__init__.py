"""cv-builder: a CV written as YAML, typeset as a PDF.

The data flows one way: ``data/cv.yaml`` -> :mod:`cv_builder.schema` (a
validated :class:`~cv_builder.model.CV`) -> a layout (:mod:`cv_builder.layout`)
-> :mod:`cv_builder.render` (flowables, pages, PDF bytes) -> a file written
atomically by :mod:`cv_builder.build`.
"""

__version__ = "0.1.0"
