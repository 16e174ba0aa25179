"""The same documents as Typst source: A4, two 23-em columns of 10.5 pt Noto Serif SC with a 2-em
gutter on a 17.5 pt line pitch, justified with a 2-em indent, title block over the columns, running
header and folio; the bundled fonts."""

from __future__ import annotations

import re

PREAMBLE = r"""
#set page(paper: "a4", margin: (top: 24mm, bottom: 26mm, x: 45.64pt), columns: 2,
  header: context [#set text(font: "Noto Sans SC", size: 9pt); 湖北机关党建　2020年10期 #line(length: 100%, stroke: 0.5pt)],
  footer: context [#set text(font: "Noto Sans SC", weight: "bold", size: 12pt); #if calc.even(here().page()) [#counter(page).display()] else [#h(1fr) #counter(page).display()]])
#set columns(gutter: 21pt)
#set text(font: "Noto Serif SC", size: 10.5pt, lang: "zh", region: "cn", top-edge: "ascender", bottom-edge: "descender")
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 7pt, spacing: 7pt)
#show heading: it => block(above: 17.5pt, below: 17.5pt)[#set text(font: "Noto Sans SC", weight: "bold", size: 10.5pt); #h(2em)#it.body]
"""

TITLE = r"""
#place(top, float: true, scope: "parent", clearance: 24pt)[
  #set par(first-line-indent: 0pt)
  #text(font: "LXGW WenKai", size: 12pt)[{kicker}]
  #v(60pt)
  #align(center)[#text(font: "Noto Sans SC", weight: "bold", size: 22pt)[{title}]]
  #v(12pt)
  #align(center)[#text(font: "LXGW WenKai", size: 12pt)[■ {author}]]
  #v(40pt)
]
"""


def _escape(text: str) -> str:
    return re.sub(r"([#*_`$@<>\[\]\\])", r"\\\1", text)


def article(body_markdown: str, title: str = "推进融合发展\\ 增强机关党建工作质效",
            kicker: str = "学习贯彻《中国共产党党和国家机关基层组织工作条例》", author: str = "肖红梅") -> str:
    """One article's Typst markup: title block, then paragraphs and headings."""
    out = [TITLE.format(kicker=_escape(kicker), title=title, author=author)]
    for block in body_markdown.split("\n\n"):
        block = block.strip()
        if block.startswith("## "):
            out.append("== " + _escape(block[3:]))
        elif block:
            out.append(_escape(block))
    return "\n\n".join(out)


def document(articles: list[str]) -> str:
    """A whole document: each article starting on a new page."""
    return PREAMBLE + "\n#pagebreak()\n".join(articles)
