"""Four independent ways of typesetting a corpus document as a magazine page.

Typst, WeasyPrint and XeLaTeX (ctex) know nothing of paiban: each is given the document as its
own markup, with the bundled fonts, and breaks lines, justifies and places the title block its
own way. paiban itself is the fourth. Each producer says whether it is installed, and why not
when it is not, so that a missing one is reported rather than silently left out.
"""

from __future__ import annotations

import html
import importlib.util
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from documents import Document

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "fonts"


@dataclass(frozen=True)
class Layout:
    """A page shape: trim size, columns and body size."""

    name: str
    width_mm: float
    height_mm: float
    columns: int
    body_pt: float
    paiban_size: str  # paiban's name of the trim size
    column_chars: int  # paiban's column width in characters


LAYOUTS = (
    Layout("a4-2col", 210, 297, 2, 12.0, "A4", 19),
    Layout("16k-2col", 185, 260, 2, 10.5, "16开", 19),
    Layout("16k-3col", 185, 260, 3, 10.5, "16开", 12),
)
"""Sizes chosen so that a document of about 900 characters fills most of its columns."""


@dataclass(frozen=True)
class Producer:
    name: str
    build: Callable[[Document, Layout, Path], Path]
    missing: Callable[[], str | None]  # why it cannot run here, or None


def _title_lines(doc: Document) -> list[str]:
    return list(doc.title)


def _byline(doc: Document) -> str:
    return f"■ {doc.author}" if doc.author_mark else (doc.author or "")


# --------------------------------------------------------------------------- Typst


def _typst_escape(text: str) -> str:
    out = []
    for ch in text:
        out.append("\\" + ch if ch in "#*_`$@<>[]\\/~\"'=-+" else ch)
    return "".join(out)


def typst_source(doc: Document, layout: Layout) -> str:
    size = layout.body_pt
    align = "center" if doc.heading_align == "center" else "left"
    indent = "" if doc.heading_align == "center" else "#h(2em)"
    header = _typst_escape(f"{doc.publication}　{doc.issue}")
    title = " \\ ".join(_typst_escape(t) for t in _title_lines(doc))
    parts = [
        f'#set page(width: {layout.width_mm}mm, height: {layout.height_mm}mm, '
        f'margin: (top: 22mm, bottom: 22mm, x: 17mm), columns: {layout.columns},',
        f'  header: [#set text(font: "Noto Sans SC", size: 8pt); {header} #v(-6pt) #line(length: 100%, stroke: 0.5pt)],',
        '  footer: [#set text(font: "Noto Sans SC", weight: "bold", size: 11pt); #h(1fr) #context counter(page).display()])',
        f"#counter(page).update({doc.folio})",
        "#set columns(gutter: 2em)",
        f'#set text(font: "Noto Serif SC", size: {size}pt, lang: "zh", region: "cn")',
        f"#set par(justify: {'true' if doc.justify else 'false'}, first-line-indent: (amount: 2em, all: true), "
        "leading: 0.75em, spacing: 0.75em)",
        f'#show heading: it => block(above: 1.5em, below: 1.5em, width: 100%)[#set align({align}); '
        f'#set text(font: "Noto Sans SC", weight: "bold", size: {size}pt); {indent}#it.body]',
        '#place(top, float: true, scope: "parent", clearance: 3em)[',
        "  #set par(first-line-indent: 0pt, justify: false)",
    ]
    if doc.kicker:
        parts.append(f'  #text(font: "LXGW WenKai", size: 12pt)[{_typst_escape(doc.kicker)}] #v(2.5em)')
    parts.append(f'  #align(center)[#text(font: "Noto Sans SC", weight: "bold", size: 21pt)[{title}]]')
    if doc.subtitle:
        parts.append(f'  #v(0.6em) #align(center)[#text(font: "Noto Sans SC", size: 13pt)[{_typst_escape(doc.subtitle)}]]')
    if doc.author:
        parts.append(f'  #v(0.8em) #align(center)[#text(font: "LXGW WenKai", size: 12pt)[{_typst_escape(_byline(doc))}]]')
    parts.append("]")
    for kind, text in doc.blocks:
        parts.append("")
        parts.append(("= " if kind == "h" else "") + _typst_escape(text))
    return "\n".join(parts) + "\n"


def build_typst(doc: Document, layout: Layout, out: Path) -> Path:
    import typst

    source = out.with_suffix(".typ")  # (a file: typst-py before 0.14 takes no source bytes)
    source.write_text(typst_source(doc, layout), encoding="utf-8")
    pdf = typst.compile(str(source), font_paths=[str(FONTS)])
    out.write_bytes(pdf)
    return out


def _typst_missing() -> str | None:
    return None if importlib.util.find_spec("typst") else "PyPI package typst is not installed (extra 'bench')"


# --------------------------------------------------------------------------- WeasyPrint


def weasyprint_source(doc: Document, layout: Layout) -> str:
    font = lambda family, file: f"@font-face {{font-family: '{family}'; src: url('{(FONTS / file).as_uri()}');}}"  # noqa: E731
    faces = "\n".join([
        font("Serif", "NotoSerifSC-Regular.ttf"), font("Sans", "NotoSansSC-Regular.ttf"),
        "@font-face {font-family: 'Sans'; font-weight: bold; src: url('" + (FONTS / "NotoSansSC-Bold.ttf").as_uri() + "');}",
        font("Kai", "LXGWWenKai-Regular.ttf"),
    ])
    heading = "text-align: center;" if doc.heading_align == "center" else "text-align: left; text-indent: 2em;"
    css = f"""{faces}
@page {{ size: {layout.width_mm}mm {layout.height_mm}mm; margin: 22mm 17mm;
  @top-left {{ content: "{doc.publication}　{doc.issue}"; font: 8pt Sans; border-bottom: 0.5pt solid black; width: 100%; }}
  @bottom-right {{ content: "{doc.folio + 1}"; font: bold 11pt Sans; }} }}
@page :first {{ @bottom-right {{ content: "{doc.folio}"; font: bold 11pt Sans; }} }}
body {{ font-family: Serif; font-size: {layout.body_pt}pt; line-height: 1.65; margin: 0; }}
.kicker {{ font: 12pt Kai; margin: 0 0 2.5em 0; }}
.title {{ font: bold 21pt/1.35 Sans; text-align: center; margin: 0; }}
.subtitle {{ font: 13pt Sans; text-align: center; margin: 0.6em 0 0 0; }}
.author {{ font: 12pt Kai; text-align: center; margin: 0.8em 0 0 0; }}
.cols {{ columns: {layout.columns}; column-gap: 2em; margin-top: 2.5em; }}
p {{ margin: 0; text-indent: 2em; text-align: {'justify' if doc.justify else 'left'}; }}
h2 {{ font: bold {layout.body_pt}pt Sans; margin: 1.4em 0; {heading} }}
"""
    head = []
    if doc.kicker:
        head.append(f'<p class="kicker" style="text-indent:0">{html.escape(doc.kicker)}</p>')
    head.append('<p class="title" style="text-indent:0">' + "<br>".join(map(html.escape, _title_lines(doc))) + "</p>")
    if doc.subtitle:
        head.append(f'<p class="subtitle" style="text-indent:0">{html.escape(doc.subtitle)}</p>')
    if doc.author:
        head.append(f'<p class="author" style="text-indent:0">{html.escape(_byline(doc))}</p>')
    body = [f"<h2>{html.escape(t)}</h2>" if k == "h" else f"<p>{html.escape(t)}</p>" for k, t in doc.blocks]
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style></head><body>'
            + "".join(head) + '<div class="cols">' + "".join(body) + "</div></body></html>")


def build_weasyprint(doc: Document, layout: Layout, out: Path) -> Path:
    import weasyprint

    weasyprint.HTML(string=weasyprint_source(doc, layout), base_url=str(FONTS)).write_pdf(out)
    return out


def _weasyprint_missing() -> str | None:
    return None if importlib.util.find_spec("weasyprint") else "PyPI package weasyprint is not installed (extra 'bench')"


# --------------------------------------------------------------------------- XeLaTeX


def _tex_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "#$%&_{}" else ("\\textasciitilde{}" if ch == "~" else ch) for ch in text)


def latex_source(doc: Document, layout: Layout) -> str:
    size, skip = layout.body_pt, layout.body_pt * 1.65
    fonts = str(FONTS) + "/"
    heading = (r"{\centering\sffamily\bfseries %s\par}" if doc.heading_align == "center"
               else r"{\noindent\hspace*{2em}\sffamily\bfseries %s\par}")
    lines = [
        r"\documentclass[fontset=none,zihao=5]{ctexart}",
        rf"\usepackage[paperwidth={layout.width_mm}mm,paperheight={layout.height_mm}mm,top=22mm,bottom=22mm,hmargin=17mm,headsep=6mm]{{geometry}}",
        r"\usepackage{multicol,fancyhdr}",
        rf"\setCJKmainfont[Path={fonts},BoldFont=NotoSerifSC-Bold.ttf]{{NotoSerifSC-Regular.ttf}}",
        rf"\setCJKsansfont[Path={fonts},BoldFont=NotoSansSC-Bold.ttf]{{NotoSansSC-Regular.ttf}}",
        rf"\setCJKfamilyfont{{kai}}[Path={fonts}]{{LXGWWenKai-Regular.ttf}}",
        rf"\setmainfont[Path={fonts},BoldFont=NotoSerifSC-Bold.ttf]{{NotoSerifSC-Regular.ttf}}",
        rf"\setsansfont[Path={fonts},BoldFont=NotoSansSC-Bold.ttf]{{NotoSansSC-Regular.ttf}}",
        r"\setlength{\columnsep}{2em}\setlength{\parindent}{2em}\setlength{\parskip}{0pt}",
        r"\pagestyle{fancy}\fancyhf{}",
        rf"\fancyhead[L]{{\sffamily\footnotesize {doc.publication}　{doc.issue}}}",
        r"\fancyfoot[R]{\sffamily\bfseries\large\thepage}",
        r"\begin{document}",
        rf"\setcounter{{page}}{{{doc.folio}}}",
        rf"\fontsize{{{size}pt}}{{{skip:.2f}pt}}\selectfont",
    ]
    if not doc.justify:
        lines.append(r"\raggedright\setlength{\parindent}{2em}")
    if doc.kicker:
        lines.append(rf"{{\noindent\CJKfamily{{kai}}\fontsize{{12pt}}{{16pt}}\selectfont {_tex_escape(doc.kicker)}\par}}\vspace{{2.5em}}")
    title = r"\\".join(_tex_escape(t) for t in _title_lines(doc))
    lines.append(rf"{{\centering\sffamily\bfseries\fontsize{{21pt}}{{29pt}}\selectfont {title}\par}}")
    if doc.subtitle:
        lines.append(rf"\vspace{{0.6em}}{{\centering\sffamily\fontsize{{13pt}}{{17pt}}\selectfont {_tex_escape(doc.subtitle)}\par}}")
    if doc.author:
        lines.append(rf"\vspace{{0.8em}}{{\centering\CJKfamily{{kai}}\fontsize{{12pt}}{{16pt}}\selectfont {_tex_escape(_byline(doc))}\par}}")
    lines.append(r"\vspace{2.5em}")
    lines.append(rf"\begin{{multicols}}{{{layout.columns}}}")
    for kind, text in doc.blocks:
        if kind == "h":
            lines.append(r"\par\vspace{%.2fpt}" % skip + (heading % _tex_escape(text)) + r"\vspace{%.2fpt}" % skip)
        else:
            lines.append(_tex_escape(text) + r"\par")
    lines += [r"\end{multicols}", r"\end{document}"]
    return "\n".join(lines) + "\n"


def build_xelatex(doc: Document, layout: Layout, out: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        tex = Path(tmp) / "page.tex"
        tex.write_text(latex_source(doc, layout), encoding="utf-8")
        run = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
                             cwd=tmp, capture_output=True, text=True, timeout=120)
        pdf = Path(tmp) / "page.pdf"
        if run.returncode or not pdf.exists():
            raise RuntimeError(f"xelatex failed for {doc.key}: {run.stdout[-800:]}")
        shutil.copyfile(pdf, out)
    return out


def _xelatex_missing() -> str | None:
    if not shutil.which("xelatex"):
        return "xelatex is not installed (Debian: texlive-xetex texlive-lang-chinese)"
    return None


# --------------------------------------------------------------------------- paiban


def paiban_style(doc: Document, layout: Layout) -> str:
    align = "center" if doc.heading_align == "center" else "left"
    indent = "0字" if doc.heading_align == "center" else "2字"
    lines = [
        "extends: magazine",
        f"page: {{size: {layout.paiban_size}, columns: {layout.columns}, column_width: {layout.column_chars}字, gutter: 2字}}",
        f"body: {{size: {layout.body_pt}pt, align: {'justify' if doc.justify else 'left'}}}",
        f"headings: {{h2: {{size: {layout.body_pt}pt, align: {align}, indent: {indent}}}}}",
        f"title_block: {{author_prefix: \"{'■ ' if doc.author_mark else ''}\"}}",
    ]
    if layout.body_pt != 10.5:
        lines.append(f"grid: {{pitch: {layout.body_pt * 5 / 3:.1f}pt, lines: auto}}")
    return "\n".join(lines) + "\n"


def build_paiban(doc: Document, layout: Layout, out: Path) -> Path:
    import paiban

    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "article.md"
        style = Path(tmp) / "style.yaml"
        article.write_text(doc.markdown, encoding="utf-8")
        style.write_text(paiban_style(doc, layout), encoding="utf-8")
        paiban.build(str(article), style=str(style), output=str(out))
    return out


PRODUCERS = (
    Producer("typst", build_typst, _typst_missing),
    Producer("weasyprint", build_weasyprint, _weasyprint_missing),
    Producer("xelatex", build_xelatex, _xelatex_missing),
    Producer("paiban", build_paiban, lambda: None),
)
