"""Editing machinery: saving, merging, history and presence."""
