"""The interchange format (docs/INTERCHANGE.md).

Records and their validation, file readers, the bulk writer, and import and export.
"""
