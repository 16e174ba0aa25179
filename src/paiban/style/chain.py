"""Stage 2 of loading a style: the sheets of an ``extends`` chain → one merged tree.

Each sheet's shape is checked (known keys, sections are mappings) before merging, which would
hide whose mistake it was; the chain is then merged parent first, the child winning key by key.
"""

from __future__ import annotations

from pathlib import Path

from paiban.errors import Span, StyleError, did_you_mean, display_path
from paiban.style import schema
from paiban.style.sources import builtin_hint, builtin_styles
from paiban.style.tree import Entry, Item, Tree, describe, parse_sheet


def _check_shape(tree: Tree, section: str = "") -> None:
    """Refuse unknown keys and sections that are not mappings, before any merging hides them."""
    allowed = schema.children(section)
    for name, entry in list(tree.items()):
        path = f"{section}.{name}" if section else name
        if name not in allowed:
            raise _unknown_key(name, path, section, entry.key)
        if path in schema.NOT_USED:
            raise StyleError(f"'{path}' cannot be set", entry.key, schema.NOT_USED[path])
        if not schema.is_section(path):
            continue
        value = entry.item.value
        if value is None:  # `quote:` with nothing under it
            tree[name] = Entry(entry.key, Item({}, entry.item.span))
            continue
        if not isinstance(value, dict):
            raise StyleError(
                f"{path}: expected a mapping of keys ({', '.join(schema.children(path))}), "
                f"got {describe(entry.item)}",
                entry.item.span,
            )
        _check_shape(value, path)


def _unknown_key(name: str, path: str, section: str, span: Span) -> StyleError:
    """The error for a key the schema lacks, with the likeliest intended key as hint.

    A misspelling of a sibling is the commonest case; next, a key written in the wrong section
    (``columns`` at the top level instead of under ``page``), spelt right or nearly so.
    """
    allowed = schema.children(section)
    hint = did_you_mean(name, allowed)
    if hint is None:
        hint = _hint_elsewhere(name, section)
    if hint is None:
        where = f"in {section}" if section else "at the top level"
        hint = f"keys allowed {where}: {', '.join(allowed)}"
    return StyleError(f"unknown style key '{path}'", span, hint)


def _hint_elsewhere(name: str, section: str) -> str | None:
    elsewhere = [key for key in schema.KEYS.values() if key.parent and key.parent != section]
    homes = [key.parent for key in elsewhere if key.leaf == name]
    if len(homes) == 1:
        return f"'{name}' belongs under {homes[0]}"
    if homes:
        more = ", …" if len(homes) > 4 else ""
        return f"'{name}' belongs under a section such as {', '.join(homes[:4])}{more}"
    from difflib import get_close_matches  # only when a key is wrong

    close = get_close_matches(name, sorted({key.leaf for key in elsewhere}), n=1, cutoff=0.6)
    homes = [key.name for key in elsewhere if close and key.leaf == close[0]]
    return f"did you mean '{homes[0]}'?" if len(homes) == 1 else None


# --- the extends chain ---------------------------------------------------------------------


_NOT_INHERITED = ("extends", "name", "description")


def _looks_like_path(text: str) -> bool:
    return text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text or text.startswith(".")


def locate(name_or_path: str | Path) -> Path:
    """The sheet a load_style argument names: a path, or else a built-in style."""
    if isinstance(name_or_path, str) and not _looks_like_path(name_or_path):
        builtin = builtin_styles().get(name_or_path)
        if builtin is not None:
            return builtin.resolve()
        if not Path(name_or_path).is_file():
            raise StyleError(f"unknown style '{name_or_path}'", None,
                             builtin_hint(did_you_mean(name_or_path, list(builtin_styles()))))
    path = Path(name_or_path)
    if not path.is_file():
        raise StyleError(f"style file not found: {name_or_path}", Span(display_path(path)),
                         builtin_hint("give a path to a .yaml file, or one of the"))
    return path.resolve()


def _extends_target(item: Item, sheet: Path) -> Path:
    """The sheet named by an `extends:` value, relative to the sheet that names it."""
    if not isinstance(item.value, str) or not item.value.strip():
        raise StyleError(
            "extends: expected a built-in style name or a path to a .yaml file, "
            f"got {describe(item)}",
            item.span, builtin_hint())
    text = item.value.strip()
    candidate = sheet.parent / text
    if not _looks_like_path(text):
        builtin = builtin_styles().get(text)
        if builtin is not None:
            return builtin.resolve()
        if not candidate.is_file():
            raise StyleError(f"unknown style '{text}'", item.span,
                             builtin_hint(did_you_mean(text, list(builtin_styles()))))
    if not candidate.is_file():
        raise StyleError(f"style file not found: {text}", item.span,
                         f"looked for {candidate.resolve()}; " + builtin_hint())
    return candidate.resolve()


def load_chain(sheet: Path, above: tuple[Path, ...] = ()) -> tuple[Tree, list[Path]]:
    """The merged tree of a sheet and everything it extends, and the files involved."""
    tree = parse_sheet(sheet)
    _check_shape(tree)
    _resolve_font_table(tree, sheet)
    _resolve_output_profile(tree, sheet)
    entry = tree.get("extends")
    if entry is None:
        return tree, [sheet]
    target = _extends_target(entry.item, sheet)
    chain = (*above, sheet)
    if target in chain:
        names = " → ".join(display_path(p) for p in (*chain[chain.index(target):], target))
        raise StyleError(f"extends cycle: {names}", entry.item.span,
                         "a style cannot extend itself, directly or through others")
    parent, files = load_chain(target, chain)
    parent = {k: v for k, v in parent.items() if k not in _NOT_INHERITED}
    return _merge(parent, tree), [sheet, *files]


def _resolve_font_table(tree: Tree, sheet: Path) -> None:
    """Make a sheet's `fonts:` path absolute, relative to that sheet, before merging hides whose it was."""
    entry = tree.get("fonts")
    if entry is None or entry.item.value is None:
        return
    item = entry.item
    if not isinstance(item.value, str) or not item.value.strip():
        raise StyleError(f"fonts: expected a path to a font table (.yaml), got {describe(item)}", item.span)
    target = sheet.parent / item.value.strip()
    if not target.is_file():
        raise StyleError(f"fonts: font table not found: {item.value.strip()}", item.span,
                         f"looked for {target.resolve()}; the path is relative to the style sheet's folder")
    resolved = str(target.resolve())
    tree["fonts"] = Entry(entry.key, Item(resolved, item.span, resolved))


def _resolve_output_profile(tree: Tree, sheet: Path) -> None:
    """Make `print.output_profile` absolute, relative to the sheet that names it, as for `fonts:`.

    Only that the file exists is checked here; whether it is a CMYK profile is checked by the
    print build, which alone reads it (a screen build does not load the colour engine).
    """
    section = tree.get("print")
    entry = section.item.value.get("output_profile") if section and isinstance(section.item.value, dict) \
        else None
    if entry is None or entry.item.value is None:
        return
    item = entry.item
    if not isinstance(item.value, str) or not item.value.strip():
        raise StyleError("print.output_profile: expected a path to an ICC profile (.icc), got "
                         f"{describe(item)}", item.span)
    target = sheet.parent / item.value.strip()
    if not target.is_file():
        raise StyleError(f"print.output_profile: ICC profile not found: {item.value.strip()}", item.span,
                         f"looked for {target.resolve()}; the path is relative to the style sheet's folder")
    resolved = str(target.resolve())
    section.item.value["output_profile"] = Entry(entry.key, Item(resolved, item.span, resolved))


def _merge(base: Tree, over: Tree, section: str = "") -> Tree:
    """Deep merge of two sheets: sections merge key by key, any other value is replaced whole."""
    out = dict(base)
    for name, entry in over.items():
        path = f"{section}.{name}" if section else name
        old = out.get(name)
        if old is not None and schema.is_section(path) and isinstance(old.item.value, dict):
            merged = _merge(old.item.value, entry.item.value, path)
            out[name] = Entry(entry.key, Item(merged, entry.item.span))
        else:
            out[name] = entry
    return out
