"""`paiban import`: turn extracted page text or PDF pages into an article (Markdown)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO


def _report(result, out: TextIO) -> None:
    """What was dropped as furniture, so a user can check that no article text went with it."""
    print(f"dropped as page furniture ({len(result.dropped)}):", file=out)
    for item in result.dropped:
        print(f"  {item}", file=out)
    article = result.article
    paragraphs = sum(1 for b in article.blocks if type(b).__name__ == "Paragraph")
    headings = sum(1 for b in article.blocks if type(b).__name__ == "Heading")
    characters = sum(len("".join(b.text.split())) for b in article.blocks)
    print(f"kept: {len(article.meta.title)} title line(s), {headings} heading(s), {paragraphs} paragraph(s), "
          f"{characters} characters of body text", file=out)
    if result.uncertain:
        print(f"characters the OCR is unsure of ({len(result.uncertain)}):", file=out)
        for item in result.uncertain:
            print(f"  {item}", file=out)


def _check_output(output: Path, sources: list[str]) -> None:
    """Before the import: a bad -o is said at once, and a page file is never written over."""
    from paiban.errors import OutputError, Span, display_path
    from paiban.files import check_output

    target = check_output(output, "the article").resolve()
    if any(Path(p).is_file() and Path(p).resolve() == target for p in sources):
        shown = display_path(output)
        raise OutputError(f"the output {shown} is a page file of this import and would be overwritten", Span(shown),
                          hint="give another output file with -o, e.g. -o article.md")


def run(args: argparse.Namespace) -> int:
    from paiban.commands.progress import progress_bar
    from paiban.importers import import_pages
    from paiban.importers.writing import cache_folder

    output = Path(args.output) if args.output else None
    if output:
        _check_output(output, args.pages_files)
    stem = (output or Path(args.pages_files[0])).stem
    with progress_bar() as progress:
        result = import_pages(args.pages_files, pages=args.pages, image_stem=stem, progress=progress,
                              mark_uncertain=args.mark_uncertain, jobs=args.jobs)
    messages = sys.stdout if output else sys.stderr
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if output:
        images = result.write(output)
        print(f"wrote {output}", file=messages)
    else:
        # The article goes to stdout; its images go to the cache, never over files of the
        # working folder (see paiban.importers.writing).
        if result.images:
            folder = cache_folder(args.pages_files)
            if folder is None:
                from paiban.errors import OutputError

                raise OutputError("the imported images need the cache folder, which is off or not safe to use",
                                  None, "give -o ARTICLE.md to write them beside the article, or set "
                                        "PAIBAN_CACHE_DIR to a folder of your own")
            result = result.with_images_in(folder)
            images = result.write_images(folder, follow_symlinks=False)
            print(f"the images are in the cache folder {folder}; give -o ARTICLE.md to write them beside "
                  "the article", file=messages)
        else:
            images = []
        sys.stdout.write(result.markdown)
    for path, image in zip(images, result.images):
        caption = result.article.blocks[image.block].caption
        print(f"wrote image {path} (page {image.page}), figure {caption or 'without a caption'}", file=messages)
    if args.report:
        _report(result, messages)
    return 0


def _jobs(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of jobs from 1 to 64")
    return int(value)


def register(sub) -> None:
    p = sub.add_parser("import", help="import page text, PDF pages or page scans as an article (Markdown)")
    p.add_argument("pages_files", nargs="+", metavar="PAGE",
                   help="page text files, PDFs or page images (PNG, JPEG, TIFF), in reading order")
    p.add_argument("-o", "--output", help="article file to write (default: print the Markdown)")
    p.add_argument("--pages", help="pages to import from each file, e.g. 3-5 or 1,4-6 (default: all)")
    p.add_argument("--report", action="store_true",
                   help="list what was dropped as page furniture, and the characters OCR is unsure of")
    p.add_argument("--mark-uncertain", action="store_true",
                   help="scans: wrap each character OCR is unsure of as 〔？字〕 in the article")
    p.add_argument("-j", "--jobs", type=_jobs, default=1, help="scans: pages read by OCR at once, of an image file or a PDF (default 1)")
    p.set_defaults(func=run)
