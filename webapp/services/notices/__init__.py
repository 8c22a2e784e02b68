"""Telling people: the kinds of notice, who receives each, and how each person wants them."""
