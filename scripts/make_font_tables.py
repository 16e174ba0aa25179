"""Write the tables shipped beside the bundled fonts (fonts/tables/), after a font is added or
changed. Run from the repository: `PYTHONPATH=src python3 scripts/make_font_tables.py`."""

from __future__ import annotations

from paiban import fonttables
from paiban.render.shipped_tables import bundled_fonts, tables_for


def main() -> None:
    folder = fonttables.bundled_folder()
    folder.mkdir(exist_ok=True)
    wanted = {}
    for font in bundled_fonts():
        wanted.update(tables_for(font))
    for old in folder.iterdir():
        if old.name not in wanted:
            old.unlink()
    for name, data in sorted(wanted.items()):
        (folder / name).write_bytes(data)
        print(f"{folder / name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
