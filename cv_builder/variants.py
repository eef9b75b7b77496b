"""Variants: one data file, a CV tailored to each application.

Any section, item or bullet may carry ``tags``. A :class:`~cv_builder.model.Variant`
(under ``variants:`` in the data) keeps or leaves out tagged content and may
replace the headline, the intro and the summary, reorder the sections, pick a
default layout and name the application it is for.

:func:`apply` turns a CV and a variant's name into a *new* CV that holds only
what the variant selects; nothing downstream (layouts, the renderer) knows
that variants exist. This module is pure model code: no YAML, no ReportLab.

The rule, for a section, an item and a bullet alike:

* it is left out when it carries a tag from the variant's ``exclude``;
* otherwise, when the variant has an ``include`` list, it is kept if it carries
  one of those tags *or carries no tag at all* (untagged content is common to
  every variant);
* a section the variant's ``sections`` does not list is left out.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable, Optional

from . import lang, layout
from .errors import CVError, Position, Problem, did_you_mean
from .kinds.text import Paragraph
from .markup import Span, Text, plain
from .model import CV, Letter, Recipient, Section, Variant


def keeps(tags: Iterable[str], variant: Variant) -> bool:
    """Whether a variant keeps something that carries these tags."""
    tags = set(tags)
    if tags & set(variant.exclude):
        return False
    if variant.include and tags and not tags & set(variant.include):
        return False
    return True


def used_tags(cv: CV) -> set[str]:
    """Every tag carried by a section, an item or a bullet."""
    found: set[str] = set()
    for section in cv.sections:
        found.update(section.tags)
        for item in section.items:
            found.update(item.tags)
            for bullet in getattr(item, "bullets", ()):
                found.update(bullet.tags)
    for letter in [cv.letter, *(v.letter for v in cv.variants.values())]:
        for paragraph in (letter.paragraphs or []) if letter else []:
            found.update(paragraph.tags)
    return found


def get(cv: CV, name: str) -> Variant:
    """The variant called ``name``; a CVError naming the known ones otherwise."""
    if name in cv.variants:
        return cv.variants[name]
    names = list(cv.variants)
    if names:
        hint = " ".join(filter(None, [did_you_mean(name, names), f"variants: {', '.join(names)}"]))
    else:
        hint = f"{cv.source or 'the data'} defines no variants: add them under `variants:` (see the README)"
    raise CVError([Problem(f"unknown variant `{name}`", position=Position(cv.source) if cv.source else None,
                           hint=hint)])


def tailor(cv: CV, variant: Variant) -> tuple[CV, list[Problem]]:
    """The CV as the variant shapes it, and every problem found (errors and warnings).

    The returned CV is new; ``cv`` is not changed. Check the problems for errors
    before using the CV (:func:`apply` does).
    """
    problems: list[Problem] = []
    base = f"variants.{variant.name}"

    def error(message: str, key: Optional[str] = None, **kw) -> None:
        problems.append(Problem(message, position=variant.where(key) if key else variant.origin,
                                path=f"{base}.{key}" if key else base, **kw))

    def warn(message: str, key: Optional[str] = None, **kw) -> None:
        problems.append(Problem(message, position=variant.where(key) if key else variant.origin,
                                path=f"{base}.{key}" if key else base, severity="warning", **kw))

    # tags the variant names must exist somewhere: a misspelt tag would silently change the CV
    known = used_tags(cv)
    for field in ("include", "exclude"):
        for i, tag in enumerate(getattr(variant, field)):
            if tag not in known:
                if known:
                    hint = did_you_mean(tag, known) or f"tags in the data: {', '.join(sorted(known))}"
                else:
                    hint = "no section, item or bullet carries a tag yet: add `tags: [...]` to what this variant is about"
                error(f"the tag `{tag}` is on no section, item or bullet", f"{field}[{i}]", hint=hint)
    overlap = [t for t in variant.include if t in variant.exclude]
    for tag in overlap:
        warn(f"the tag `{tag}` is both included and excluded; excluding wins", "exclude")

    # which sections, in which order
    by_id = {s.id: s for s in cv.sections}
    if variant.sections:
        order, seen = [], set()
        for i, sid in enumerate(variant.sections):
            if sid in seen:
                error(f"the section `{sid}` is listed twice", f"sections[{i}]")
            elif sid not in by_id:
                error(f"there is no section `{sid}`", f"sections[{i}]",
                      hint=did_you_mean(sid, by_id) or f"sections: {', '.join(by_id)}")
            else:
                order.append(by_id[sid])
            seen.add(sid)
    else:
        order = list(cv.sections)

    sections: list[Section] = []
    for section in order:
        if not keeps(section.tags, variant):
            continue  # the section itself is left out: on purpose, no warning
        items = [_trim(item, variant) for item in section.items if keeps(item.tags, variant)]
        sections.append(dataclasses.replace(section, items=items))

    if variant.summary:
        text_sections = [i for i, s in enumerate(sections) if s.kind == "text"]
        if text_sections:
            i = text_sections[0]
            sections[i] = dataclasses.replace(sections[i], items=[Paragraph(variant.summary, priority=1)])
        else:
            error("the variant has a `summary` but shows no text section for it to replace", "summary",
                  hint="add a text section such as `about:` to the data (or to the variant's `sections`)")

    for section in sections:
        if section.items or not by_id[section.id].items:
            continue
        key = f"sections[{variant.sections.index(section.id)}]" if section.id in variant.sections else None
        warn(f"the variant leaves the section `{section.id}` ({section.title}) empty, so it is not shown", key,
             hint="every item in it carries a tag the variant leaves out: tag some of them for this variant, "
                  "or leave the section out on purpose (tag the section, or list the variant's `sections`)")

    if variant.layout:
        try:
            layout.find(variant.layout)
        except CVError as exc:
            for p in exc.problems:
                error(p.message, "layout", hint=p.hint)

    if variant.language and variant.language != cv.lang:
        sections = _retitle(sections, cv.language, lang.resolve(variant.language))

    # the variant's letter, made whole (its errors are the variant's: a broken letter is a broken file)
    letter, letter_problems = tailor_letter(cv, variant)
    problems += [p for p in letter_problems if p.severity == "error"]

    header = dataclasses.replace(cv.header, headline=variant.headline or cv.header.headline,
                                 intro=variant.intro or cv.header.intro)
    others = tuple(f"variants.{n}." for n in cv.variants if n != variant.name)
    strings = [s for s in cv.strings if not str(s[2]).startswith(others)] if others else list(cv.strings)
    tailored = dataclasses.replace(cv, header=header, sections=sections, variant=variant, strings=strings,
                                   lang=variant.language or cv.lang, letter=letter,
                                   warnings=list(cv.warnings) + [p for p in problems if p.severity == "warning"])
    return tailored, problems


def _retitle(sections: list[Section], old, new) -> list[Section]:
    """Sections whose title is their id's default in the CV's language get the default
    of the variant's language (Experience -> Berufserfahrung); titles the data gives stay."""
    out = []
    for section in sections:
        default = old.title(section.id)
        if default is not None and section.title == default:
            section = dataclasses.replace(section, title=new.title(section.id) or default)
        out.append(section)
    return out


def _trim(item, variant: Variant):
    """An item with the bullets the variant keeps (the item itself when nothing changes)."""
    bullets = getattr(item, "bullets", None)
    if not bullets:
        return item
    kept = [b for b in bullets if keeps(b.tags, variant)]
    return item if len(kept) == len(bullets) else dataclasses.replace(item, bullets=kept)


def apply(cv: CV, name: str) -> CV:
    """A new CV holding only what the variant ``name`` selects, with its replacements.

    Raises CVError (unknown variant, a tag on nothing, an unknown section or
    layout, …); warnings (a section left empty) go into the new CV's ``warnings``.
    """
    tailored, problems = tailor(cv, get(cv, name))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CVError(errors)
    return tailored


def check(cv: CV) -> list[Problem]:
    """Every problem of every variant, its layout's and its letter's included (for `cv-builder
    validate`), and of the data's letter when there are no variants."""
    out: list[Problem] = [] if cv.variants else check_letter(cv)
    for variant in cv.variants.values():
        out += tailor(cv, variant)[1]
        if variant.layout:
            try:
                layout.find(variant.layout)  # (a layout that does not exist is reported above)
            except CVError:
                continue
            try:
                layout.load(variant.layout)
            except CVError as exc:
                out += exc.problems
    return out


# -- letters ------------------------------------------------------------------------
# The data's `letter:` is every letter's; a variant's `letter:` changes it for that
# application, field by field (the recipient's too). Text shared between letters is
# written once, in the top-level letter: a paragraph may carry `tags`, kept or left out
# as a CV's items are, and {role} and {organisation} in its text are the variant's.

#: the fields a letter's text may name, filled in from the variant
FIELDS = ("role", "organisation")
_FIELD = re.compile(r"\{([A-Za-z_]\w*)\}")


def has_letter(cv: CV, variant: Optional[Variant] = None) -> bool:
    """Whether the CV (for this variant) has a letter: the data's, or the variant's own."""
    return cv.letter is not None or (variant is not None and variant.letter is not None)


def merged(base: Optional[Letter], over: Optional[Letter]) -> Optional[Letter]:
    """``over`` laid on ``base``: each field ``over`` gives replaces ``base``'s (the recipient's
    field by field)."""
    if over is None or base is None:
        return over or base
    given = {f.name: getattr(over, f.name) if getattr(over, f.name) is not None else getattr(base, f.name)
             for f in dataclasses.fields(Letter)}
    if over.recipient is not None and base.recipient is not None:
        given["recipient"] = Recipient(**{
            f.name: getattr(over.recipient, f.name) if getattr(over.recipient, f.name) is not None
            else getattr(base.recipient, f.name) for f in dataclasses.fields(Recipient)})
    return Letter(**given)


def tailor_letter(cv: CV, variant: Optional[Variant]) -> tuple[Optional[Letter], list[Problem]]:
    """The letter of the CV for a variant (None: the data's own), made whole: merged with the
    variant's, its paragraphs those the variant keeps, its recipient's organisation the
    variant's when it names none, ``{role}`` and ``{organisation}`` filled in. Returns it (None
    if there is no letter) and the problems found (errors and warnings), each where it is
    written. Applying it to a letter made whole gives the same letter."""
    letter = merged(cv.letter, variant.letter if variant else None)
    if letter is None:
        return None, []
    problems: list[Problem] = []
    recipient = letter.recipient or Recipient()
    if variant is not None and variant.organisation and recipient.organisation is None:
        origin = (variant.where("organisation"), f"variants.{variant.name}.organisation")
        recipient = dataclasses.replace(recipient, organisation=plain(variant.organisation, origin))
    paragraphs = [p for p in letter.paragraphs or [] if variant is None or keeps(p.tags, variant)]
    if not paragraphs:
        where = letter.origin
        if letter.paragraphs and variant is not None:
            problems.append(Problem(
                f"the variant `{variant.name}` leaves its letter with no paragraphs", position=where,
                path=f"variants.{variant.name}.letter", hint="every paragraph carries a tag the variant leaves "
                "out: tag some of them for it, or give the variant's letter `paragraphs:` of its own"))
        else:
            path = f"variants.{variant.name}.letter" if variant is not None and variant.letter else "letter"
            problems.append(Problem("the letter has no paragraphs", position=where, path=path,
                                    hint="add `paragraphs:` with the letter's text, a paragraph an item"))
    values = {"role": variant.role if variant else None,
              "organisation": (variant.organisation if variant else None) or
                              (recipient.organisation.plain if recipient.organisation else None)}

    def fill(text: Optional[Text]) -> Optional[Text]:
        return _fill(text, values, variant, cv, problems)

    letter = dataclasses.replace(
        letter, recipient=recipient, subject=fill(letter.subject), salutation=fill(letter.salutation),
        closing=fill(letter.closing),
        paragraphs=[dataclasses.replace(p, text=fill(p.text)) for p in paragraphs])
    return letter, _unique(problems)


def _fill(text: Optional[Text], values: dict, variant: Optional[Variant], cv: CV,
          problems: list[Problem]) -> Optional[Text]:
    """``{role}`` and ``{organisation}`` in a text filled in; what cannot be, reported."""
    if text is None or "{" not in text.plain:
        return text
    position, path = text.origin if len(text.origin) == 2 else (None, None)
    spans = []
    for span in text.spans:
        def value(m: re.Match) -> str:
            key = m.group(1)
            if key not in FIELDS:
                problems.append(Problem(
                    f"`{{{key}}}` is not a field a letter fills in, so it is printed as written", position=position,
                    path=path, severity="warning",
                    hint=(did_you_mean(key, FIELDS) or "") + " (the fields: {role}, {organisation})"))
                return m.group(0)
            if values.get(key):
                return values[key]
            problems.append(_unfilled(key, variant, cv, position, path))
            return m.group(0)

        spans.append(Span(_FIELD.sub(value, span.text), span.bold, span.italic, span.href))
    return Text(tuple(spans), text.source, text.origin)


def _unfilled(key: str, variant: Optional[Variant], cv: CV, position, path) -> Problem:
    if variant is None:
        names = ", ".join(cv.variants)
        hint = (f"build the letter for a variant that names it: `cv-builder letter --variant NAME` "
                f"({'variants: ' + names if names else 'the data has no variants yet'}), "
                f"or write the {key} into the letter")
        if key == "organisation":
            hint += ", or give the recipient an `organisation:`"
        return Problem(f"the letter says {{{key}}}, which only a variant fills in", position=position, path=path,
                       hint=hint)
    where = "the variant's `organisation` or the letter's recipient" if key == "organisation" else "a `role`"
    return Problem(f"the letter says {{{key}}}, but the variant `{variant.name}` gives no {key}", position=position,
                   path=path, hint=f"give the variant {where} (`{key}: …` under `variants: {variant.name}:`), "
                                   f"or write the {key} into the letter")


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.message, str(p.position), p.path)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def check_letter(cv: CV) -> list[Problem]:
    """The errors of the data's own letter, for a file without variants (each variant's letter
    is checked with the variant, by :func:`tailor`)."""
    return [p for p in tailor_letter(cv, None)[1] if p.severity == "error"]
