"""A two-column sample of page text for the importer tests: the first articles of a city's
archive regulations, as a page's left and right column lines (paragraph first lines indented by
two positions), the page's head rows above them, and the paragraphs an import must give."""

from __future__ import annotations

LEFT = ["  第一条 为了加强档案事业的建设，有效", "地保护和利用档案，为国民经济和社会发展服",
        "务，根据《中华人民共和国档案法》及其实施", "办法，结合本市实际情况，制定本条例。",
        "  第二条 本市法人、其他组织以及个人的档", "案的管理和利用，适用本条例。"]
RIGHT = ["  第十一条 乡、镇人民政府分管档案工作的", "机构管理本机关的档案，并对本乡、镇其他组",
         "织的档案工作实行监督和指导。", "  第十二条 法人和其他组织的档案机构管",
         "理本组织的档案，指导文书部门和业务部门文", "件材料的收集、整理和归档工作。"]
HEAD = ["上海市档案条例", "   ■ 本刊编辑部", "", ""]
"""The title row, the byline row and two blank rows above the columns."""
WANT = [
    "第一条为了加强档案事业的建设，有效地保护和利用档案，为国民经济和社会发展服务，根据《中华人民共和国档案法》及其实施办法，结合本市实际情况，制定本条例。",
    "第二条本市法人、其他组织以及个人的档案的管理和利用，适用本条例。",
    "第十一条乡、镇人民政府分管档案工作的机构管理本机关的档案，并对本乡、镇其他组织的档案工作实行监督和指导。",
    "第十二条法人和其他组织的档案机构管理本组织的档案，指导文书部门和业务部门文件材料的收集、整理和归档工作。",
]
"""The paragraphs of LEFT and RIGHT, read column by column."""
