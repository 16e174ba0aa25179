"""Bullet and task lists in paiban's own PDFs import back to the Markdown they were set from."""

from __future__ import annotations

import pytest

from paiban import build
from paiban.importers import import_pages

FRONT = "---\ntitle: 列表导入\nauthor: 编辑部\n---\n\n"
LONG = "坚持问题导向，把调查研究贯穿于工作的全过程，做到心中有数、手中有招、工作有成效。"
OPENING = "社区书屋是居民身边的公共文化空间，本手册汇集各地做法，供社区工作者参考。" * 3
CLOSING = "\n\n".join(["书屋的日常运营由社区党组织牵头，志愿者轮流值守，图书由区图书馆统一配送和更新。" * 3] * 6)
LISTS = (
    f"- {LONG}\n"
    "- 老年活动中心\n"
    f"  - 与日间照料室相邻的房间，{LONG}\n"
    "    - 须另设独立的书架区\n"
    "- 学校周边的临街门面\n\n"
    "清单核对的结果如下。\n\n"
    "- [x] 图书编目完成\n"
    "- [ ] 消防器材配齐\n\n"
    "（一）以编号开头的段落仍是段落，不是列表，它的下一行从栏的左边开始，和正文段落一样。\n"
)


@pytest.mark.parametrize("style", ["magazine", "handout"])
def test_bullet_and_task_lists_import_to_the_same_markdown(tmp_path, style):
    (tmp_path / "a.md").write_text(f"{FRONT}{OPENING}\n\n{LISTS}\n{CLOSING}\n", encoding="utf-8")
    build(tmp_path / "a.md", style, tmp_path / "a.pdf")
    result = import_pages([tmp_path / "a.pdf"])
    body = result.markdown.split("---\n", 2)[2]
    assert f"\n{OPENING}\n\n{LISTS}\n" in body  # the lists, and the paragraphs around them, as written
    assert not [w for w in result.warnings if "not in the article" in str(w)]  # the ledger balances
    assert [d.text for d in result.dropped if d.kind == "list marker"] == list("●●○■●▣□")
