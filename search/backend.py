"""The Whoosh engine for Vietnamese (placeholder until the search issue lands)."""

from haystack.backends.whoosh_backend import WhooshEngine


class VietnameseWhooshEngine(WhooshEngine):
    pass
