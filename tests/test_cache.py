"""Stored font tables change speed, never output, and the cache is data that is checked, never run.

Builds with stored tables off (PAIBAN_NO_CACHE=1), with the tables shipped for the bundled fonts,
and with a user font's tables cold and warm in the cache are byte-identical; damaged, swapped or
planted entries are never trusted, and a cache folder others can write is not used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

from conftest import ROOT, SEED, write
from synthetic_fonts import truetype_font
from test_flow import long_article

from paiban import fonttables
from paiban.render import fonts as render_fonts
from paiban.render.shipped_tables import bundled_fonts, tables_for

#: The shipped faces are ReportLab's parse by the major version they were made with; another
#: major version parses the bundled fonts once and caches its own.
FACES_SHIPPED = any(p.suffix == "." + render_fonts.TABLES_KIND for p in fonttables.bundled_folder().iterdir())


def _run(args, cache_dir, **env) -> subprocess.CompletedProcess:
    environ = dict(os.environ, PAIBAN_CACHE_DIR=str(cache_dir), **env)
    return subprocess.run([sys.executable, "-m", "paiban", *map(str, args)], capture_output=True, text=True,
                          env=environ)


def _build(article, out, cache_dir, *extra, **env) -> bytes:
    run = _run(["build", article, "-o", out, *extra], cache_dir, **env)
    assert run.returncode == 0, run.stderr
    return Path(out).read_bytes()


def _house_style(folder: Path) -> Path:
    """A style whose body font is a copy of a bundled font under another name: not a bundled
    font, so its tables go through the user's cache."""
    shutil.copyfile(ROOT / "fonts" / "NotoSerifSC-Regular.ttf", folder / "House.ttf")
    write(folder / "fonts.yaml", "House Song: {regular: House.ttf}\n")
    return write(folder / "house.yaml", "extends: magazine\nfonts: fonts.yaml\n"
                                        "body: {font: House Song, fallback: [Noto Serif SC]}\n")


def test_the_shipped_tables_are_what_the_bundled_fonts_give():
    shipped = fonttables.bundled_folder()
    made = {}
    for font in bundled_fonts():
        made.update(tables_for(font))
    if not FACES_SHIPPED:  # made with another ReportLab major version: only the metrics can be compared
        made = {name: data for name, data in made.items() if not name.endswith(render_fonts.TABLES_KIND)}
        names = sorted(p.name for p in shipped.iterdir() if ".rlface" not in p.name)
    else:
        names = sorted(p.name for p in shipped.iterdir())
    assert names == sorted(made), "run scripts/make_font_tables.py"
    for name, data in made.items():
        assert (shipped / name).read_bytes() == data, f"{name} is stale: run scripts/make_font_tables.py"


def test_bundled_fonts_need_no_cache_and_give_the_reference_bytes(tmp_path):
    long = long_article(tmp_path)
    for n, article in enumerate((SEED / "article.md", long)):
        cache = tmp_path / f"cache{n}"
        reference = _build(article, tmp_path / "ref.pdf", cache, PAIBAN_NO_CACHE="1")  # fonts parsed afresh
        shipped = _build(article, tmp_path / "shipped.pdf", cache)
        assert reference == shipped
        stored = [p.name for p in cache.rglob("*.*")] if cache.exists() else []
        if FACES_SHIPPED:
            assert stored == [], "nothing to store for bundled fonts"
        else:
            assert all(name.endswith(render_fonts.TABLES_KIND) for name in stored)


def test_a_user_fonts_tables_are_cached_and_give_the_reference_bytes(tmp_path):
    style = _house_style(tmp_path)
    cache = tmp_path / "cache"
    reference = _build(SEED / "article.md", tmp_path / "ref.pdf", cache, "--style", style, PAIBAN_NO_CACHE="1")
    cold = _build(SEED / "article.md", tmp_path / "cold.pdf", cache, "--style", style)
    house = fonttables.font_key(tmp_path / "House.ttf")
    stored = sorted(p.name for p in (cache / "fonts").iterdir() if p.name.startswith(house))
    assert stored == [f"{house}.metrics5", f"{house}.{render_fonts.TABLES_KIND}"]
    warm = _build(SEED / "article.md", tmp_path / "warm.pdf", cache, "--style", style)
    assert reference == cold == warm


def test_damaged_truncated_and_swapped_entries_are_never_used(tmp_path):
    style = _house_style(tmp_path)
    cache = tmp_path / "cache"
    first = _build(SEED / "article.md", tmp_path / "a.pdf", cache, "--style", style)
    house = fonttables.font_key(tmp_path / "House.ttf")
    entries = sorted(p for p in (cache / "fonts").iterdir() if p.name.startswith(house))
    originals = {p: p.read_bytes() for p in entries}
    for damage in (lambda d: b"not tables", lambda d: d[: len(d) // 2], lambda d: d[:-1] + b"\x01",
                   lambda d: d + b"\x00"):
        for path, data in originals.items():
            path.write_bytes(damage(data))
        assert _build(SEED / "article.md", tmp_path / "b.pdf", cache, "--style", style) == first
    # the metrics entry stored under the face entry's name and the other way round
    metrics, face = entries if entries[0].suffix.startswith(".metrics") else entries[::-1]
    metrics.write_bytes(originals[face])
    face.write_bytes(originals[metrics])
    assert _build(SEED / "article.md", tmp_path / "c.pdf", cache, "--style", style) == first


def test_tables_of_another_font_under_this_fonts_key_are_refused():
    data = (fonttables.bundled_folder() / "NotoSansSC-Regular.metrics5").read_bytes()
    sans_key = fonttables.font_key(ROOT / "fonts" / "NotoSansSC-Regular.ttf")
    serif_key = fonttables.font_key(ROOT / "fonts" / "NotoSerifSC-Regular.ttf")
    assert fonttables.decode(data, "metrics5", sans_key) is not None
    assert fonttables.decode(data, "metrics5", serif_key) is None


def test_planted_pickles_and_marshalled_code_never_run(tmp_path):
    cache = tmp_path / "cache"
    marker = tmp_path / "ran"
    payload = (b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR.")  # a pickle that runs a command
    for name in ("metrics-0123.pickle", "rlface-0123.pickle", "fonts/x.metrics5",
                 "code/dataclass-methods-a70d0d0a.marshal"):
        write(cache / name, "").write_bytes(payload)
    os.chmod(cache, 0o700)
    style = _house_style(tmp_path)
    _build(SEED / "article.md", tmp_path / "a.pdf", cache, "--style", style)
    assert _run(["--help"], cache).returncode == 0
    assert not marker.exists()


def test_a_font_replaced_by_one_of_the_same_size_and_time_is_measured_again(tmp_path):
    font = truetype_font(tmp_path / "a" / "Box.ttf")
    wide = font.read_bytes()
    tt = TTFont(str(font))
    tt["hmtx"]["uni6B63"] = (600, 100)  # 正 narrower
    tt.save(str(tmp_path / "narrow.ttf"))
    narrow = (tmp_path / "narrow.ttf").read_bytes()
    size = max(len(wide), len(narrow))
    probe = ("import sys; from paiban.text.fonts import load_metrics; "
             "print(load_metrics(sys.argv[1]).advances[ord('正')])")
    cache = tmp_path / "cache"

    def advance() -> str:
        run = subprocess.run([sys.executable, "-c", probe, str(font)], capture_output=True, text=True,
                             env=dict(os.environ, PAIBAN_CACHE_DIR=str(cache)), check=True)
        return run.stdout.strip()

    font.write_bytes(wide.ljust(size, b"\0"))
    stamp = font.stat()
    assert advance() == "1000"
    font.write_bytes(narrow.ljust(size, b"\0"))
    os.utime(font, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert font.stat().st_size == stamp.st_size
    assert advance() == "600"


def test_a_cache_folder_others_may_write_is_not_used(tmp_path):
    style = _house_style(tmp_path)
    cache = tmp_path / "shared-cache"
    cache.mkdir()
    os.chmod(cache, 0o777)
    run = _run(["build", SEED / "article.md", "-o", tmp_path / "a.pdf", "--style", style], cache)
    assert run.returncode == 0
    assert run.stderr.count("is writable by other users; it is not used") == 1
    assert list(cache.iterdir()) == []
    reference = _build(SEED / "article.md", tmp_path / "ref.pdf", cache, "--style", style, PAIBAN_NO_CACHE="1")
    assert (tmp_path / "a.pdf").read_bytes() == reference


def test_a_fifo_or_a_link_in_place_of_an_entry_neither_hangs_nor_is_followed(tmp_path):
    style = _house_style(tmp_path)
    cache = tmp_path / "cache"
    (cache / "fonts").mkdir(parents=True)
    os.chmod(cache, 0o700)
    house = fonttables.font_key(tmp_path / "House.ttf")
    os.mkfifo(cache / "fonts" / f"{house}.metrics5")
    elsewhere = write(tmp_path / "elsewhere.txt", "the user's own file\n")
    (cache / "fonts" / f"{house}.{render_fonts.TABLES_KIND}").symlink_to(elsewhere)
    run = subprocess.run([sys.executable, "-m", "paiban", "build", str(SEED / "article.md"), "-o",
                          str(tmp_path / "a.pdf"), "--style", str(style)], capture_output=True, text=True,
                         env=dict(os.environ, PAIBAN_CACHE_DIR=str(cache)), timeout=120)
    assert run.returncode == 0, run.stderr
    assert elsewhere.read_text() == "the user's own file\n"  # the link was replaced, not written through
