"""IATI 2.03 activity files: the export of open offers and matches, and the import of offers.

``codes`` holds the code lists cbmatch maps to and from, ``export`` writes a file, ``reader``
reads a donor's file into interchange records, ``importing`` runs those through the importer.
docs/IATI.md describes the mapping.
"""
