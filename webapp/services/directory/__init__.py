"""Directories: capacity-building centres and States' points of contact."""
