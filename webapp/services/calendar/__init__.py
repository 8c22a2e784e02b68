"""The calendar of capacity-building programmes.

Activities and their filters (queries), events (writes), the month grid and the iCalendar feed.
"""
