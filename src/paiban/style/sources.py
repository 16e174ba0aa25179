"""Where the bundled style sheets and font table live, in a wheel or in a source checkout."""

from __future__ import annotations

from pathlib import Path

import yaml


#: The paiban package folder, found from this file rather than by importing `paiban`, whose
#: `__init__` imports the api that loads styles (an import circle).
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


def _data_dir(name: str) -> Path:
    """A folder shipped with the package: inside the wheel, or at the top of a source checkout."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parents[1] / name


def builtin_styles_dir() -> Path:
    """The folder holding the built-in style sheets."""
    return _data_dir("styles")


def fonts_table_path() -> Path:
    """The font table that style sheets' families are checked against."""
    return _data_dir("fonts") / "fonts.yaml"


def builtin_styles() -> dict[str, Path]:
    folder = builtin_styles_dir()
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def list_styles() -> list[tuple[str, str]]:
    """Built-in styles as (name, one-line description), sorted by name."""
    out = []
    for name, path in builtin_styles().items():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            data = None
        description = data.get("description", "") if isinstance(data, dict) else ""
        out.append((name, str(description or "")))
    return out


def builtin_hint(prefix: str | None = None) -> str:
    names = ", ".join(builtin_styles()) or "(none found)"
    text = f"built-in styles: {names}"
    return f"{prefix} {text}" if prefix else text


def bundled_profile_path() -> Path:
    """The CMYK output profile print builds use when the style names none (profiles/README.md)."""
    return _data_dir("profiles") / "artifex-cmyk-swop.icc"
