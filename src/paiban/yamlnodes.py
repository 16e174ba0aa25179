"""YAML read as node trees, which keep the line and column of every value for error messages."""

from __future__ import annotations

import yaml


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of a YAML text (None when it is empty).

    libyaml's parser when PyYAML has it, which is several times faster; on a syntax error the
    text is parsed again by PyYAML's own parser, whose messages name the problem better, and its
    error is the one raised.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)
