"""The addresses a CV may link to: one rule for the data and for the check of the PDF.

A link is an ``http``, ``https`` or ``mailto`` address (the scheme in any case, as
RFC 3986 says: ``HTTPS://`` is ``https://``; links are written with it in lower
case, :func:`normalise`; a PDF holds them in ASCII, :func:`as_uri`). A web
address names a host with a dot and a top-level
domain of letters (``example.org``, ``例え.jp``, ``xn--r8jz45g.jp``): not
``localhost``, not a relative path, not an IP number. An e-mail address is one
``name@host`` of that kind.

What an address may not hold: white space, control characters, ``"<>\\``, and
the invisible characters that change how text reads (bidirectional controls
such as U+202E RIGHT-TO-LEFT OVERRIDE, zero-width characters): with them, a
link can show one address and go to another.

:func:`problem` is used where the data is read (:mod:`cv_builder.schema`, the
links of :mod:`cv_builder.markup`) and where the PDF is checked
(:mod:`cv_builder.pdfcheck.rules`), so that a link the build accepts is one its
check accepts.
"""

from __future__ import annotations

import re
from typing import Optional

SCHEMES = ("http", "https", "mailto")
MAX_LENGTH = 2000  # (browsers and search engines handle about this much)

# for the JSON Schema (ECMA-262 patterns have no flag for case)
JSON_PATTERN = r"^([Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:)"

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# characters that are never part of an address as written
_NOT_IN_ADDRESS = re.compile(r'[\x00-\x20\x7f-\x9f"<>\\]')
# invisible characters that change how text reads: bidirectional marks, embeddings,
# overrides and isolates; zero-width spaces and joiners; the soft hyphen; the BOM
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
# a host name: labels of letters and digits (any script) with inner hyphens, at least one
# dot, and a top-level domain of letters (or an IDN one in punycode); then perhaps a port.
# (Each label can match in one way only: no input makes it backtrack more than linearly.)
_LABEL = r"[^\W_]+(?:-+[^\W_]+)*"
_HOST = re.compile(rf"(?:{_LABEL}\.)+(?:[^\W\d_]{{2,}}|[Xx][Nn]--[A-Za-z0-9-]+)")
_PORT = re.compile(r":\d{1,5}")


def problem(url: str) -> Optional[str]:
    """None when url may be a link, else what is wrong with it, as words that follow
    “the link `…`” or “the address”."""
    if len(url) > MAX_LENGTH:
        return f"is {len(url):,} characters long; an address may hold at most {MAX_LENGTH:,}"
    m = _SCHEME.match(url)
    if not m:
        return "has no scheme such as https:// or mailto:"
    scheme = m.group(1).lower()
    if scheme not in SCHEMES:
        return f"uses the scheme `{m.group(1)}:`; only http, https and mailto links are allowed"
    bad = _NOT_IN_ADDRESS.search(url)
    if bad:
        c = bad.group()
        if ord(c) >= 128:
            return f"contains the control character U+{ord(c):04X}, which an address may not hold"
        shown = f"U+{ord(c):04X}" if ord(c) < 33 or ord(c) == 127 else f"`{c}`"
        return f"contains {shown}, which an address may not hold (write it as %{ord(c):02X})"
    bad = _INVISIBLE.search(url)
    if bad:
        return (f"contains the invisible character U+{ord(bad.group()):04X}, which an address may not hold "
                "(it can make a link read as another address)")
    rest = url[m.end():]
    if scheme == "mailto":
        address = rest.split("?", 1)[0]
        if "@" not in address:
            return "has no e-mail address after `mailto:`"
        return _too_long(url) if _is_email(address) else f"is not an e-mail address (`{address}`)"
    if not rest.startswith("//"):
        return "has no host after the scheme (a web address starts with https://)"
    authority = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
    host = authority.rsplit("@", 1)[-1]  # (after any user name)
    if not host:
        return "has no host after the scheme"
    name, colon, port = host.partition(":")
    if colon and not _PORT.fullmatch(":" + port):
        return f"has a port that is not a number (`{host}`)"
    if not _HOST.fullmatch(name):
        return (f"has no valid host name (`{name}`): a web address names a host with a dot and a domain, "
                "as in example.org")
    if not name.isascii() and _idna(name) is None:
        return f"has a host name that cannot be written in ASCII (IDNA): `{name}`"
    return _too_long(url)


def _too_long(url: str) -> Optional[str]:
    n = len(as_uri(url))
    if n > MAX_LENGTH:
        return f"is {n:,} characters long as a PDF holds it (in ASCII); an address may hold at most {MAX_LENGTH:,}"
    return None


def _idna(host: str) -> Optional[str]:
    """The host in ASCII (``例え.jp`` -> ``xn--r8jz45g.jp``), or None when it cannot be."""
    try:
        return host.encode("idna").decode("ascii")  # (the codec is imported on first use, here only)
    except UnicodeError:
        return None


def _percent(text: str) -> str:
    """Characters outside ASCII as UTF-8 percent escapes (``パス`` -> ``%E3%83%91%E3%82%B9``)."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in text)


def as_uri(url: str) -> str:
    """A valid address (see :func:`problem`) as a PDF link holds it: in ASCII, as PDF asks of a
    URI action (a host in IDNA, everything else percent-encoded), its scheme in lower case."""
    url = normalise(url)
    if url.isascii():
        return url
    scheme, _, rest = url.partition(":")
    if scheme == "mailto":
        address, q, query = rest.partition("?")
        local, _, domain = address.rpartition("@")
        return f"mailto:{_percent(local)}@{_idna(domain) or _percent(domain)}{q}{_percent(query)}"
    authority, tail = re.match(r"//([^/?#]*)(.*)", rest, re.S).groups()
    user, at, hostport = authority.rpartition("@")
    host, colon, port = hostport.partition(":")
    return f"{scheme}://{_percent(user)}{at}{_idna(host) or _percent(host)}{colon}{port}{_percent(tail)}"


def _is_email(address: str) -> bool:
    local, _, domain = address.rpartition("@")
    return bool(local) and "@" not in local and _HOST.fullmatch(domain) is not None


def email_problem(address: str) -> Optional[str]:
    """None when address is an e-mail address a mailto: link can go to, else what is wrong,
    as a sentence."""
    why = problem("mailto:" + address)
    if why is None:
        return None
    if why.startswith(("contains the invisible", "contains the control")):
        return f"the address {why}"
    return "this is not an e-mail address"


def normalise(url: str) -> str:
    """The address with its scheme in lower case (``HTTPS://Example.org`` -> ``https://Example.org``)."""
    m = _SCHEME.match(url)
    return m.group(1).lower() + url[m.end(1):] if m else url
