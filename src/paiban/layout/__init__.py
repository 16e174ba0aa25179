"""The layout result: pages of positioned glyph runs, as plain data."""
