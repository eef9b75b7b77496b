"""Looks: how a CV is set, read from ``layouts/NAME.yaml``.

A look is data. It names its *structure* (a layout class: one column, a date
column, a sidebar — :mod:`cv_builder.layouts`), its fonts (families declared in
``fonts/NAME.yaml``), a type scale, colours, spacing, how each element of the
page is set (``styles``), the header's arrangement, the section titles, which
sections to show in what order, per-section options, and how it changes when it
is fitted to one page or to several. A look may ``extends:`` another and change
only what differs; mappings merge key by key, anything else is replaced.

A look is validated like the CV data, with the same positioned messages, and
every page count can be asked of every look (``--pages 1``): the look's
``one_page:`` (or ``multi_page:``) settings are laid over it first.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Optional

from . import source
from .errors import CVError, Position, Problem, did_you_mean
from .lang.scripts import fallback_chain
from .look import FONT_ROLES, STYLE_NAMES, Fit, FontFamily, Look
from .resources import fonts_dir, layouts_dirs
from .schema import Reader
from .source import YMap

# keys of older layout files, with what replaced them
_RENAMED = {
    "layout": "`layout:` is now `structure:` (one-column, date-column or sidebar)",
    "font": "`font:` is now `fonts: {body: …, heading: …, name: …}` (families in fonts/*.yaml)",
    "compact": "`compact: true` is now `header: {arrangement: beside}`",
}


# -- finding and reading --------------------------------------------------------
def available() -> list[str]:
    names = set()
    for d in layouts_dirs():
        if d.is_dir():
            names.update(p.stem for p in d.glob("*.yaml"))
    return sorted(names)


def find(name: str, near: Optional[Path] = None) -> Path:
    """The file of a look given by name (``one-page``) or by path. ``near``: the folder of the
    look that extends it, searched first."""
    if name.endswith((".yaml", ".yml")) or "/" in name:
        path = Path(name) if near is None or Path(name).is_absolute() else near / name
        if path.is_file():
            return path
        raise CVError([Problem(f"the layout file {name} does not exist", position=Position(str(path)))])
    for d in ([near] if near is not None else []) + layouts_dirs():
        path = d / f"{name}.yaml"
        if path.is_file():
            return path
    names = available()
    hint = " ".join(filter(None, [did_you_mean(name, names), f"layouts: {', '.join(names) or 'none found'}"]))
    raise CVError([Problem(f"unknown layout `{name}`", hint=hint)])


def merge(base: Any, over: Any) -> Any:
    """``over`` laid on ``base``: mappings merge key by key (each value keeping the
    position it was read at), anything else is replaced; so is a mapping that names another
    ``class`` (a structure of another class keeps none of the first one's options)."""
    if not (isinstance(base, dict) and isinstance(over, dict)):
        return over
    if "class" in base and "class" in over and base["class"] != over["class"]:
        return over
    out = YMap(base)
    out.pos = getattr(over, "pos", getattr(base, "pos", None))
    out.key_pos = dict(getattr(base, "key_pos", {}))
    for key, value in over.items():
        out[key] = merge(base[key], value) if key in base else value
        if hasattr(over, "key_pos"):
            out.key_pos[key] = over.where(key)
    return out


def _chain(path: Path, seen: tuple = ()) -> list[tuple[Path, YMap]]:
    """The look and what it extends, root first: (file, its own mapping) each. A look
    that does not say `extends:` extends `full`; `extends: none` starts from nothing."""
    if path.resolve() in seen:
        chain = " -> ".join(p.stem for p in (*seen, path.resolve()))
        raise CVError([Problem(f"the layouts extend each other in a circle ({chain})", position=Position(str(path)),
                               hint="one of them must not extend the others")])
    data = _parsed(path, "layout")
    if not isinstance(data, dict):
        raise CVError([Problem("a layout file is a mapping of settings", position=Position(str(path), 1, 1))])
    parent = data.get("extends", "full")
    if parent is None or parent == "none" or (parent == "full" and "extends" not in data and path.stem == "full"):
        return [(path, data)]
    if not isinstance(parent, str) or not parent.strip():
        raise CVError([Problem("`extends` names another layout", position=data.where("extends"),
                               found=repr(parent), expected="a layout name such as full, a file, or none")])
    try:
        base = find(parent.strip(), path.parent)
    except CVError as exc:
        raise CVError([dataclasses.replace(p, position=p.position or data.where("extends"), path="extends")
                       for p in exc.problems]) from None
    return _chain(base, (*seen, path.resolve())) + [(path, data)]


def _resolve(chain: list[tuple[Path, YMap]], pages: Optional[int], reader) -> tuple[YMap, Optional[int]]:
    """The look's settings with what it extends merged in, on ``pages`` pages (default: the
    page count the look asks for). Each look's `one_page:` (or `multi_page:`) is laid over
    its own settings, before the looks that extend it change theirs: so a look that extends
    `one-page` and lists its own `sections:` shows those."""
    count = pages
    if count is None:
        for _, data in chain:
            count = _count(data) or count
    overlay_key = ("one_page" if count == 1 else "multi_page") if count else None
    merged = None
    for _, data in chain:
        own = YMap({k: v for k, v in data.items() if k not in ("extends", "one_page", "multi_page")})
        own.pos, own.key_pos = data.pos, data.key_pos
        merged = own if merged is None else merge(merged, own)
        overlay = data.get(overlay_key) if overlay_key else None
        if overlay is None:
            continue
        if isinstance(overlay, dict):
            merged = merge(merged, overlay)
        else:
            reader.error("expected a mapping of settings", data.where(overlay_key), overlay_key)
    return merged, count


_CACHE: dict = {}
_FAMILIES: dict = {}
_PARSED: dict = {}


def _parsed(path: Path, what: str):
    """The parsed YAML of a look's file, parsed once per process and text: the looks that extend
    `full` share its parse (a build that checks a variant's look as well read full.yaml twice, ~1 ms).
    What it returns is shared: read it, never change it."""
    name = str(path)
    text = source.read_text(path, name, what)
    known = _PARSED.get(name)
    if known is not None and known[0] == text:
        return known[1]
    data = source.parse(text, name, what)
    _PARSED[name] = (text, data)
    return data


def load(name: str = "full", pages: Optional[int] = None) -> Look:
    """The look ``name``, as it is set on ``pages`` pages (default: the look's own page count)."""
    path = find(name)
    key = (str(path.resolve()), path.stat().st_mtime_ns, pages)
    known = _CACHE.get(key)
    if known is not None and all(f.stat().st_mtime_ns == m for f, m in known[1]):
        return known[0]
    look, files = _read(path, pages)
    _CACHE[key] = (look, [(f, f.stat().st_mtime_ns) for f in files])
    return look


def _read(path: Path, pages: Optional[int]) -> tuple[Look, tuple[Path, ...]]:
    chain = _chain(path)
    reader = Reader(str(path))
    data, count = _resolve(chain, pages, reader)
    for old, hint in _RENAMED.items():
        if old in data:
            reader.error(f"unknown field `{old}`", data.where(old), old, hint=hint)
    given = YMap({k: v for k, v in data.items() if k != "structure" and k not in _RENAMED})
    given.pos, given.key_pos = data.pos, data.key_pos
    look = reader.record(Look, given, "", data.pos, skip=("name", "structure", "families", "warnings", "files"))
    structure = read_options(reader, data.get("structure", "one-column"), data.where("structure"))
    reader.problems.raise_if_errors()
    look.name = path.stem
    look.structure = structure
    look.warnings = [w for _, d in chain for w in getattr(d, "warnings", ())]
    look.files = tuple(p for p, _ in reversed(chain))
    if count:
        fit = look.fit or Fit()
        look.fit = dataclasses.replace(fit, pages=count)
    elif look.fit is not None and look.fit.pages is None:
        look.fit = None
    _check_styles(look, data, reader)
    look.families = _families(look, data, reader)
    reader.problems.raise_if_errors()
    return look, look.files


def _count(data: YMap) -> Optional[int]:
    """The page count the look itself asks for (`pages`, or `fit.pages` as older files give it)."""
    for value in (data.get("pages"), (data.get("fit") or {}).get("pages") if isinstance(data.get("fit"), dict) else None):
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
    return None


def _check_styles(look: Look, data: YMap, reader) -> None:
    missing = [s for s in STYLE_NAMES if s not in look.styles]
    if missing:
        reader.error(f"the look does not say how to set {', '.join(missing)}", data.where("styles"), "styles",
                     hint="add them under `styles:`, or `extends: full` to take the rest from the full look")


def family(key: str, where: Optional[Position] = None, path: str = "fonts") -> FontFamily:
    """The font family declared in ``fonts/KEY.yaml`` (read once per process and file version)."""
    file = fonts_dir() / f"{key}.yaml"
    try:
        stamp = file.stat().st_mtime_ns
    except OSError:
        names = sorted(p.stem for p in fonts_dir().glob("*.yaml"))
        hint = " ".join(filter(None, [did_you_mean(key, names), f"families: {', '.join(names) or 'none found'}"]))
        raise CVError([Problem(f"unknown font family `{key}`", position=where, path=path, hint=hint)]) from None
    known = _FAMILIES.get(key)
    if known is not None and known[0] == stamp:
        return known[1]
    data = source.load(file, what="font family")
    reader = Reader(str(file))
    fam = reader.record(FontFamily, data, "", getattr(data, "pos", Position(str(file))))
    reader.problems.raise_if_errors()
    if "regular" not in fam.styles:
        raise CVError([Problem("a font family needs a `regular` style", position=data.where("styles"), path="styles")])
    for style, filename in fam.styles.items():
        if not isinstance(filename, str) or "/" in filename or not (fonts_dir() / filename).is_file():
            raise CVError([Problem(f"the file of the style `{style}` is not in {fonts_dir()}",
                                   position=data["styles"].where(style) if isinstance(data.get("styles"), YMap)
                                   else data.pos, path=f"styles.{style}", found=repr(filename),
                                   hint="give the name of a .ttf file in the fonts folder")])
    fam = dataclasses.replace(fam, key=key, folder=str(fonts_dir()))
    _FAMILIES[key] = (stamp, fam)
    return fam


def for_scripts(look: Look, texts) -> Look:
    """The look with the families that the scripts of ``texts`` need (Han, kana, Hangul,
    Arabic, Hebrew: :func:`cv_builder.lang.scripts.fallback_chain`) added to its fallback
    chain; the look itself when its text needs none (an English CV reads no other font file)."""
    own = look.families.get("fallback") or []
    keys = [f.key for f in own]
    chain = fallback_chain(texts, keys)
    if chain == keys:
        return look
    by_key = {f.key: f for f in own}
    families = dict(look.families, fallback=[by_key.get(k) or family(k) for k in chain])
    return dataclasses.replace(look, families=families)


# <b> and <i> in the text pick these faces of the face a style names
_MARKUP_FACES = {"regular": ("bold", "italic", "bolditalic"), "semibold": ("bold", "semibolditalic", "bolditalic")}


def _families(look: Look, data: YMap, reader) -> dict:
    """The families the look names, each checked for the faces its styles use."""
    fonts_at = data["fonts"].where if isinstance(data.get("fonts"), YMap) else (lambda k: data.where("fonts"))
    out: dict = {}
    for role in FONT_ROLES:  # a role not given takes the family of the one before it
        if role != "body" and getattr(look.fonts, role) is None:
            if role in ("heading", "name") and (look.fonts.family(role) in [f.key for f in out.values()]):
                out[role] = next(f for f in out.values() if f.key == look.fonts.family(role))
            continue
        try:
            out[role] = family(getattr(look.fonts, role), fonts_at(role), f"fonts.{role}")
        except CVError as exc:
            for p in exc.problems:
                reader.problems.add(p)
    out["fallback"] = []
    for i, key in enumerate(look.fallback):
        try:
            out["fallback"].append(family(key, data.where("fallback"), f"fallback[{i}]"))
        except CVError as exc:
            for p in exc.problems:
                reader.problems.add(p)
    if reader.problems.items:
        return out
    def chosen_at(role: str) -> tuple[Optional[Position], str]:
        """Where the family of a role was named: its own key, or the role it falls back to."""
        while role != "body" and getattr(look.fonts, role) is None:
            role = "heading" if role == "name" else "body"
        return fonts_at(role), f"fonts.{role}"

    for name, style in look.styles.items():
        fam = out[style.font]
        needed = [style.face, *_MARKUP_FACES.get(style.face, ())]
        lacking = [f for f in needed if f not in fam.styles]
        if lacking:
            reader.error(f"the style `{name}` is set in {fam.key} {style.face}, and the family has no "
                         f"{' or '.join(lacking)}", *chosen_at(style.font),
                         hint=f"its styles: {', '.join(fam.styles)}; choose a family that has them, "
                              f"or set `styles: {{{name}: {{face: …}}}}` to one of them")
    if look.header.given_face and look.header.given_face not in out["name"].styles:
        reader.error(f"the family {out['name'].key} has no face `{look.header.given_face}` for the given names",
                     *chosen_at("name"), hint=f"its styles: {', '.join(out['name'].styles)} "
                                              "(or `header: {given_face: …}` to one of them)")
    return out


def read_options(reader, value: Any, pos: Optional[Position]):
    """The structure a look names (a class name, or a mapping with ``class:`` and
    that class's options), as the class's options, collecting problems in ``reader``."""
    from . import layouts  # 100 ms: the layout classes import ReportLab; only once a look is read
    if isinstance(value, str):
        given: dict = {"class": value}
        where = {"class": pos}
    elif isinstance(value, dict):
        given = dict(value)
        where = {k: value.where(k) for k in value} if isinstance(value, YMap) else {}
    else:
        reader.error("expected a structure: a class name, or a mapping with `class:`", pos, "structure",
                     hint=f"structures: {', '.join(layouts.structures())}")
        return None
    name = given.pop("class", "one-column")
    cls = layouts.structure(name) if isinstance(name, str) else None
    if cls is None or not cls.in_looks:
        names = ", ".join(layouts.structures())
        hint = " ".join(filter(None, [did_you_mean(str(name), layouts.structures()), f"structures: {names}"]))
        if name in layouts.CLASSES:
            hint = f"`{name}` is the structure `cv-builder {name}` sets over a look; a look names one of: {names}"
        reader.error(f"unknown structure `{name}`", where.get("class", pos), "structure.class", hint=hint)
        return None
    mapping = YMap(given)
    mapping.pos, mapping.key_pos = pos, {k: where.get(k, pos) for k in given}
    options = reader.record(cls.Options, mapping, "structure", pos, skip=("name",))
    if options is not None:
        options.name = cls.name
    return options
