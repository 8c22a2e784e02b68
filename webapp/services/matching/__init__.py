"""The matcher on the database.

Suggestions (operations), the kept index, fits on detail pages, the focal point's queue,
possible duplicates, and the evaluation on graded data.
"""
