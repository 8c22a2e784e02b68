"""Search of the needs and offers lists with the matcher's analyser.

``index`` keeps the analysed words of every need and offer in memory (kept in step by a
fingerprint of each table); ``results`` turns a list's SQL candidates and a query into a page
of results, ranked by relevance, with the words to mark.
"""
