"""The same documents as XeLaTeX (ctex) source, for when `xelatex` is installed: A4, two 23-字
columns of 10.5 pt Noto Serif SC with a 2-字 gutter on a 17.5 pt line pitch, 2-字 indent, title
block over the columns, running header and folio; the bundled fonts, found by path, for Latin
text and marks such as ■ too (as paiban sets them), so no TeX font is loaded."""

from __future__ import annotations

import re

PREAMBLE = r"""\documentclass[zihao=5,twocolumn]{{ctexart}}
\usepackage[a4paper,top=24mm,bottom=26mm,hmargin=45.64pt,columnsep=21pt]{{geometry}}
\usepackage{{fancyhdr}}
\setmainfont[Path={fonts}/,BoldFont=NotoSerifSC-Bold.ttf]{{NotoSerifSC-Regular.ttf}}
\setsansfont[Path={fonts}/,BoldFont=NotoSansSC-Bold.ttf]{{NotoSansSC-Regular.ttf}}
\setCJKmainfont[Path={fonts}/,BoldFont=NotoSerifSC-Bold.ttf]{{NotoSerifSC-Regular.ttf}}
\setCJKsansfont[Path={fonts}/,BoldFont=NotoSansSC-Bold.ttf]{{NotoSansSC-Regular.ttf}}
\setCJKfamilyfont{{kai}}[Path={fonts}/]{{LXGWWenKai-Regular.ttf}}
\linespread{{1.0}}\setlength{{\baselineskip}}{{17.5pt}}
\ctexset{{section={{format=\sffamily\bfseries\zihao{{5}},beforeskip=17.5pt,afterskip=17.5pt,number={{}}}}}}
\pagestyle{{fancy}}\fancyhf{{}}\fancyhead[LE]{{\sffamily\zihao{{-5}}湖北机关党建　2020年10期}}
\fancyhead[RO]{{\sffamily\zihao{{-5}}推进融合发展增强机关党建工作质效}}\fancyfoot[LE,RO]{{\sffamily\bfseries\thepage}}
\begin{{document}}
"""

TITLE = r"""\twocolumn[{{\CJKfamily{{kai}}学习贯彻《中国共产党党和国家机关基层组织工作条例》\par\vspace{{60pt}}
\centering{{\sffamily\bfseries\zihao{{2}}推进融合发展\\增强机关党建工作质效\par}}\vspace{{12pt}}
{{\CJKfamily{{kai}}■ 肖红梅\par}}\vspace{{40pt}}}}]
"""


def _escape(text: str) -> str:
    return re.sub(r"([#$%&_{}~^\\])", r"\\\1", text)


def article(body_markdown: str) -> str:
    """One article's LaTeX: title block over both columns, then paragraphs and sections."""
    out = [TITLE.format()]
    for block in body_markdown.split("\n\n"):
        block = block.strip()
        if block.startswith("## "):
            out.append(r"\section{" + _escape(block[3:]) + "}")
        elif block:
            out.append(_escape(block))
    return "\n\n".join(out)


def document(articles: list[str], fonts: str) -> str:
    """A whole document, each article starting on a new page."""
    return PREAMBLE.format(fonts=fonts) + "\n\\clearpage\n".join(articles) + "\n\\end{document}\n"
