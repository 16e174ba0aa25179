"""Print pip constraints pinning every requirement of the project (and its test extra) to the
lowest version it allows, so that CI proves those bounds as well as the newest versions."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]
requirements = [*project["dependencies"], *project["optional-dependencies"]["test"]]
for requirement in requirements:
    match = re.match(r"\s*([A-Za-z0-9_.\-]+)[^>]*>=\s*([0-9][0-9A-Za-z.]*)", requirement)
    if not match:
        sys.exit(f"no lower bound in requirement {requirement!r}: give every requirement one")
    print(f"{match.group(1)}=={match.group(2)}")
