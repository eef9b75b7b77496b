"""Everything that knows ReportLab: fonts, styles, flowables, section renderers, pages."""
