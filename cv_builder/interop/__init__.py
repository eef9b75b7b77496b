"""Other formats in and out: JSON Resume (:mod:`.jsonresume`), Markdown and plain
text (:mod:`.export`), and the model written back as YAML a person can edit
(:mod:`.yamlout`).

Everything here starts from, or ends in, the same validated
:class:`~cv_builder.model.CV` that a build uses, so an import is checked by the
very validator that checks a hand-written file.
"""
