"""Browsing views (placeholder until the foundation issue's site lands)."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("")


home = report_list = report_detail = document_list = document_detail = _todo
person_list = person_detail = place_list = place_detail = _todo
term_list = term_detail = plenum_detail = _todo
