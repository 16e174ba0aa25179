"""Reading PDF syntax: content-stream operators and small object texts, as plain Python values.

PyMuPDF reports colours already converted to RGB, so it cannot tell an RGB fill from a CMYK one;
preflight has to read the operators themselves. This parser turns a content stream (or an object
as `Document.xref_object` prints it) into operands and operators: numbers, names, strings, arrays,
dictionaries and indirect references, which is all that colour checking needs. Inline image data
is skipped, not decoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


class Name(str):
    """A PDF name, without its slash."""


class Operator(str):
    """A content-stream operator (or a bare keyword)."""


@dataclass(frozen=True, slots=True)
class Ref:
    """An indirect reference ``12 0 R``."""

    xref: int


@dataclass(frozen=True, slots=True)
class InlineImage:
    """A ``BI … ID … EI`` image: its dictionary (data skipped)."""

    entries: dict


_TOKEN = re.compile(
    rb"""(?P<space>[\x00\t\n\x0c\r ]+|%[^\r\n]*)
      | (?P<dict><<|>>)
      | (?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)
      | (?P<array>[\[\]])
      | (?P<string>\()
      | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
      | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?![^\x00\t\n\x0c\r ()<>\[\]{}/%]))
      | (?P<word>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)
      | (?P<other>[{}()<>])""",
    re.VERBOSE,
)
_KEYWORDS = {b"true": True, b"false": False, b"null": None}
_INLINE_END = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|$)")


def _string_end(data: bytes, start: int) -> int:
    """Index just past the literal string opening at `start` (balanced parentheses, escapes)."""
    depth, i = 0, start
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash: skip the escaped character
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(data)


def _name(raw: bytes) -> Name:
    text = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw[1:])
    return Name(text.decode("latin-1"))


def _atoms(data: bytes) -> Iterator[object]:
    """Flat tokens: values, Operator, and the markers '[' ']' '<<' '>>' as Operator."""
    pos = 0
    while pos < len(data):
        m = _TOKEN.match(data, pos)
        if m is None:  # cannot happen with the catch-all groups, but never loop forever
            pos += 1
            continue
        kind, raw = m.lastgroup, m.group()
        pos = m.end()
        if kind == "space":
            continue
        if kind == "string":
            end = _string_end(data, m.start())
            yield data[m.start() + 1:end - 1]
            pos = end
        elif kind == "hex":
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", raw[1:-1]).decode()
            yield bytes.fromhex(digits + "0" * (len(digits) % 2))  # an odd last digit means x0
        elif kind == "name":
            yield _name(raw)
        elif kind == "number":
            yield float(raw) if b"." in raw else int(raw)
        elif kind == "word" and raw in _KEYWORDS:
            yield _KEYWORDS[raw]
        elif kind == "word" and raw == b"ID":
            yield Operator("ID")
            end = _INLINE_END.search(data, pos)
            pos = end.end() if end else len(data)
            yield Operator("EI")
        else:
            yield Operator(raw.decode("latin-1"))


def parse(data: bytes) -> Iterator[object]:
    """Top-level objects and operators of `data`, with arrays as lists, dictionaries as dicts,
    ``n g R`` as `Ref` and inline images as `InlineImage` (in place of their BI/ID/EI operators)."""
    stack: list[list] = []
    for atom in _atoms(data):
        if isinstance(atom, Operator) and atom in ("[", "<<", "BI"):
            stack.append([atom])
            continue
        if isinstance(atom, Operator) and stack and atom in ("]", ">>", "ID"):
            opener, *items = stack.pop()
            atom = items if atom == "]" else _dict(items)
            if opener == "BI":
                atom = InlineImage(atom)
        elif atom == "EI":
            continue
        elif atom == "R" and stack and len(stack[-1]) >= 3 and _is_ref(stack[-1][-2:]):
            stack[-1].pop()  # the generation number
            atom = Ref(stack[-1].pop())
        if stack:
            stack[-1].append(atom)
        else:
            yield atom


def _is_ref(items: list) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in items)


def _dict(items: list) -> dict:
    """Pairs of a flat key/value list; keys are names (a malformed odd entry is dropped)."""
    return {str(items[i]): items[i + 1] for i in range(0, len(items) - 1, 2)
            if isinstance(items[i], Name)}


def parse_object(text: str) -> object:
    """One object as PyMuPDF prints it (``[/ICCBased 7 0 R]``, ``<< /N 3 >>``, ``/DeviceRGB``)."""
    values = list(parse(text.encode("latin-1", "replace")))
    if len(values) >= 3 and values[-1] == "R" and _is_ref(values[-3:-1]):
        return Ref(values[-3])
    return values[0] if values else None
