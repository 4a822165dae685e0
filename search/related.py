"""The report page's related reports, from the search engine (registered
with archive/related.py in ``SearchConfig.ready``)."""

from search import engine
from search.search_indexes import plenum_key


def related_reports(report, document_links, plenum_links, limit):
    documents = [link.document.code for link in document_links]
    plenums = [plenum_key(link.plenum) for link in plenum_links]
    return engine.get().related(report, documents, plenums, limit)
