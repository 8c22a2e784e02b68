"""Offers of support: writes in operations, reads in queries."""
