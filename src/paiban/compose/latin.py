"""Latin text inside Chinese paragraphs: where a Latin run may break, and which spaces may not.

A Latin run (the characters between two spaces or two Han characters) is one of three things:

- a **URL, e-mail address or path** (`https://…`, `www.…`, `name@host.org`, `/usr/lib`, `a/b/c`).
  It may break after `/ . - ? & = #` (never before them, and never inside a run of them such
  as `//`), and before the `@` of an e-mail address (which then starts the next line, as the
  Chicago Manual advises), and never takes an added hyphen: a hyphen at the end of a URL line
  would read as part of the address.
- a **word** of letters (`typesetting`, `well-known`). It may break at the hyphenation points
  of a real dictionary (pyphen, which ships LibreOffice's hyphenation patterns), with a hyphen
  added, keeping at least 2 letters before and 3 after the hyphen (TeX's lefthyphenmin and
  righthyphenmin) and only in words of 5 letters or more; a compound may also break after its
  own hyphen, without another being added.
- anything else — a number (`1,234.56`), a word with digits (`H1N1`, `1234-2008`), an all-caps
  abbreviation (`UNESCO`), a standard number (`GB/T`) — which never breaks.

A space inside a code or a name is kept but is not a break opportunity: after an all-caps
prefix before a number (`GB 1234`, `GB/T 1234-2008`, `ISO 9001`) and after a short abbreviation
ending in a full stop before a number (`No. 5`, `Fig. 3`, `p. 12`). U+00A0 NO-BREAK SPACE and
U+202F NARROW NO-BREAK SPACE are never break points either.

pyphen is imported only when a paragraph holds a word long enough to be hyphenated, so a
Chinese-only article does not pay for loading it.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Fewest letters before and after an added hyphen (TeX's lefthyphenmin, righthyphenmin).
LEFT_MIN = 2
RIGHT_MIN = 3
#: Shortest word that is hyphenated at all.
MIN_WORD = 5

#: Characters after which a URL or path may break.
URL_BREAKS = frozenset("/.-?&=#")
#: Spaces that keep their neighbours on one line.
NO_BREAK_SPACES = frozenset("\u00a0\u202f")

# Patterns as strings, compiled by `re` on first use (and kept in its cache): a Chinese-only
# article never asks, and so never pays for compiling them.
_SCHEME = r"(?i:[a-z][a-z0-9+.-]*://|www\.)"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_CODE_PREFIX = r"[A-Z]{2,}(?:/[A-Z]+)*|[A-Z][a-z]{0,3}\.|[a-z]{1,2}\."
_WORD_CORE = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"


def is_url(run: str) -> bool:
    """Whether a Latin run is a URL, an e-mail address or a path (broken only after its marks)."""
    if re.match(_SCHEME, run) or re.fullmatch(_EMAIL, run):
        return True
    return "/" in run and (run.startswith(("/", "./", "../", "~/")) or run.count("/") >= 2)


def keeps_together(left: str, right: str) -> bool:
    """Whether the space between two Latin runs must not break: a code's prefix before its
    number (GB 1234, GB/T 1234-2008, ISO 9001, No. 5, Fig. 3)."""
    return right[:1].isdigit() and re.fullmatch(_CODE_PREFIX, left) is not None


def break_points(run: str, language: str) -> list[tuple[int, bool]]:
    """Where a Latin run may break: (index of the character that would start the next line,
    whether a hyphen is added at the break), in order. `language` is a pyphen dictionary name,
    or "none" for no hyphenation."""
    if len(run) < 2:
        return []
    if is_url(run):
        return [(k + 1, False) for k in range(len(run) - 1)
                if (run[k] in URL_BREAKS and run[k + 1] not in URL_BREAKS) or (run[k + 1] == "@" and k > 0)]
    if any(ch.isdigit() for ch in run):
        return []
    core = re.search(_WORD_CORE, run)
    if core is None or core.group().isupper():
        return []
    points: list[tuple[int, bool]] = []
    base = core.start()
    parts = re.split(r"([-'’])", core.group())
    offset = base
    for i, part in enumerate(parts):
        if i % 2:  # a hyphen or apostrophe inside the word
            if part == "-" and offset - base >= LEFT_MIN and core.end() - (offset + 1) >= RIGHT_MIN:
                points.append((offset + 1, False))
        elif len(part) >= MIN_WORD and language != "none" and not part.isupper():
            points += [(offset + k, True) for k in hyphenation_points(part, language)]
        offset += len(part)
    return points


@lru_cache(maxsize=4096)
def hyphenation_points(word: str, language: str) -> tuple[int, ...]:
    """The dictionary's hyphenation points of one word (indices where a hyphen may go),
    at least LEFT_MIN letters from its start and RIGHT_MIN from its end."""
    if len(word) < MIN_WORD:
        return ()
    return tuple(_dictionary(language).positions(word))


@lru_cache(maxsize=8)
def _dictionary(language: str):
    import pyphen  # here, not at the top: only articles with long Latin words load it

    return pyphen.Pyphen(lang=language, left=LEFT_MIN, right=RIGHT_MIN)
