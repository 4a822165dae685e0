"""Proposing conferences: which published reports are write-ups of one event.

Two reports are of one conference when their dates are at most
``WINDOW_DAYS`` apart, they share a subject document or subject plenum, and
they have the same organiser. A national conference is organised centrally
and each outlet names the central body its own way ("Bộ Chính trị, Ban Bí
thư", "Ban Bí thư Trung ương Đảng"), so every central-level organiser counts as
one; elsewhere the organiser as written (folded, "Ban Thường vụ" dropped) and
its place must both match, since every province has a "Ban Thường vụ Tỉnh ủy".
Reports linked this way, directly or through one another, form a proposal.

Staff decisions stand: reports of a confirmed or rejected conference are
never regrouped; only unassigned reports and those of earlier proposals are.
"""

import datetime
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Q

from archive import vietnamese
from archive.conferences import Conference
from archive.models import Document, Plenum, Report, ReportDocument, ReportPlenum

WINDOW_DAYS = 1


def organiser_key(level, organiser, place_id):
    """What two reports' organisers must share, or None (cannot be grouped)."""
    if level == Report.Level.CENTRAL:
        return ("central",)
    name = vietnamese.search_key(organiser or "").removeprefix("ban thuong vu ")
    if not name or place_id is None:
        return None
    return (name, place_id)


def _candidates():
    """{report id: (date, organiser key, subjects)} for the reports that may
    be grouped, and {report id: proposal id} for those already proposed."""
    rows = (
        Report.objects.published()
        .exclude(event_date=None)
        .filter(Q(conference=None) | Q(conference__status=Conference.Status.PROPOSED))
        .values_list(
            "pk", "event_date", "level", "organiser", "organiser_place_id", "conference_id"
        )
    )
    reports, proposed = {}, {}
    for pk, date, level, organiser, place_id, conference_id in rows.iterator():
        key = organiser_key(level, organiser, place_id)
        if key is not None:
            reports[pk] = (date, key, set())
            if conference_id:
                proposed[pk] = conference_id
    subject_docs = ReportDocument.objects.filter(is_subject=True).values_list(
        "report_id", "document_id"
    )
    subject_plenums = ReportPlenum.objects.filter(is_subject=True).values_list(
        "report_id", "plenum_id"
    )
    for prefix, pairs in (("d", subject_docs), ("p", subject_plenums)):
        for report_id, target in pairs.iterator():
            if report_id in reports:
                reports[report_id][2].add((prefix, target))
    return {pk: r for pk, r in reports.items() if r[2]}, proposed


def groups(reports):
    """Sets of report ids of one event (two or more each), from
    ``{id: (date, organiser key, subjects)}``."""
    parent = {pk: pk for pk in reports}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    by_organiser = defaultdict(list)
    for pk, (date, key, _) in reports.items():
        by_organiser[key].append((date, pk))
    window = datetime.timedelta(days=WINDOW_DAYS)
    for members in by_organiser.values():
        members.sort()
        for i, (date, pk) in enumerate(members):
            for other_date, other in members[i + 1 :]:
                if other_date - date > window:
                    break
                if reports[pk][2] & reports[other][2]:
                    parent[root(other)] = root(pk)
    found = defaultdict(set)
    for pk in reports:
        found[root(pk)].add(pk)
    return [members for members in found.values() if len(members) > 1]


def _describe(members):
    """Title, date, organiser, documents and plenums of a group of reports."""
    reports = list(Report.objects.filter(pk__in=members).only("event_date", "organiser"))
    organiser = Counter(r.organiser for r in reports if r.organiser).most_common(1)
    organiser = organiser[0][0] if organiser else ""
    documents = list(
        Document.objects.filter(
            report_links__report__in=members, report_links__is_subject=True
        ).distinct()
    )
    plenums = list(
        Plenum.objects.filter(report_links__report__in=members, report_links__is_subject=True)
        .select_related("term")
        .distinct()
    )
    subject = ", ".join(d.code for d in documents[:6]) or "; ".join(str(p) for p in plenums)
    date = min(r.event_date for r in reports)
    title = f"Hội nghị quán triệt {subject}" + (f" ({organiser})" if organiser else "")
    return (
        {
            "title": f"{title}, {date:%d/%m/%Y}"[:500],
            "event_date": date,
            "organiser": organiser[:300],
        },
        documents,
        plenums,
    )


@transaction.atomic
def propose():
    """Regroup the reports staff have not decided on; returns the number of
    proposals. An earlier proposal keeps its id (and URL) when its group
    still shares reports with it; proposals no group needs are deleted."""
    reports, proposed = _candidates()
    kept = set()
    for members in sorted(groups(reports), key=min):
        earlier = Counter(proposed[pk] for pk in members if pk in proposed)
        reuse = next((c for c, _ in earlier.most_common() if c not in kept), None)
        fields, documents, plenums = _describe(members)
        if reuse is None:
            conference = Conference.objects.create(**fields)
        else:
            conference = Conference.objects.get(pk=reuse)
            for name, value in fields.items():
                setattr(conference, name, value)
            conference.slug = ""
            conference.save()
        kept.add(conference.pk)
        conference.documents.set(documents)
        conference.plenums.set(plenums)
        # update(): grouping is not an edit of the report (no reindexing, no new updated_at).
        Report.objects.filter(pk__in=members).update(conference=conference)
        Report.objects.filter(conference=conference).exclude(pk__in=members).update(conference=None)
    stale = Conference.objects.filter(status=Conference.Status.PROPOSED).exclude(pk__in=kept)
    Report.objects.filter(conference__in=stale).update(conference=None)
    stale.delete()
    return len(kept)
