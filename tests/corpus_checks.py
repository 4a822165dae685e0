"""Checks of the conference, timeline and map pages against the data, for
any archive database: tests/test_corpus_spread.py runs them on the seeds plus
a generated corpus, and by hand on a bigger one:

    python manage.py shell -c "from tests import corpus_checks; corpus_checks.main()"

Each expected figure is worked out here from the database rows (report
dates, levels, organiser places, subject links), without archive/dissemination.py
or archive/conferences.py, and compared with what the pages show: the
dissemination page's SVG and its CSV, the conference pages, the home page's
monthly chart. Tested on counts, not pixels.
"""

import csv
import datetime
import io
import re
from collections import Counter, defaultdict
from pathlib import Path

from django.test import Client

from archive import vietnamese
from archive.conferences import Conference
from archive.models import Document, Place, Plenum, Report, ReportDocument, ReportPlenum

MAX_WEEKS = 52


def retell(generated, out, count):
    """Another outlet's report of ``count`` of the generated national
    conferences on a document (bench/corpus.py's facts say which): the same
    event, text and date, another title and source, written into ``out``.
    Returns the titles of the reports retold."""
    titles = []
    for report in generated:
        facts = report.facts
        if facts["level"] != "central" or not facts["subject_documents"]:
            continue
        title, _, rest = report.text.partition("\n")
        n = len(titles) + 1
        text = f"Điểm cầu số {n} dự: {title}\n{rest}\nNguồn: Báo Điểm Cầu Số {n}\n"
        (Path(out) / f"ke-lai-{n}.txt").write_text(text, encoding="utf-8")
        titles.append(title)
        if len(titles) == count:
            break
    return titles


def same_event_groups():
    """Groups by the proposal rule as stated, pair by pair over every
    published report: dates at most a day apart, a shared subject document
    or plenum, and the same organiser (every central one counts as one)."""
    reports = {r.pk: r for r in Report.objects.published().exclude(event_date=None)}
    subjects = defaultdict(set)
    for report_id, doc in ReportDocument.objects.filter(is_subject=True).values_list(
        "report_id", "document_id"
    ):
        subjects[report_id].add(("d", doc))
    for report_id, plenum in ReportPlenum.objects.filter(is_subject=True).values_list(
        "report_id", "plenum_id"
    ):
        subjects[report_id].add(("p", plenum))

    def organiser(r):
        if r.level == Report.Level.CENTRAL:
            return "central"
        name = vietnamese.search_key(r.organiser)
        if name.startswith("ban thuong vu "):
            name = name[len("ban thuong vu ") :]
        return (name, r.organiser_place_id) if name and r.organiser_place_id else None

    ids = sorted(reports)
    links = defaultdict(set)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            ra, rb = reports[a], reports[b]
            if (
                abs((ra.event_date - rb.event_date).days) <= 1
                and organiser(ra) is not None
                and organiser(ra) == organiser(rb)
                and subjects[a] & subjects[b]
            ):
                links[a].add(b)
                links[b].add(a)
    seen, groups = set(), set()
    for start in links:
        if start in seen:
            continue
        group, todo = set(), [start]
        while todo:
            pk = todo.pop()
            if pk not in group:
                group.add(pk)
                todo.extend(links[pk] - group)
        seen |= group
        groups.add(frozenset(group))
    return groups


def _todays_province():
    """{place id: name of the current province it is in}: districts go up to
    their province, pre-2025 provinces to the one they merged into."""
    rows = {
        pk: (name, kind, parent, current)
        for pk, name, kind, parent, current in (
            Place.objects.values_list("pk", "name", "kind", "parent_id", "current")
        )
    }

    def walk(pk):
        for _ in range(4):
            name, kind, parent, current = rows[pk]
            if (kind != Place.Kind.DISTRICT and current) or parent is None:
                return name
            pk = parent
        return rows[pk][0]

    return {pk: walk(pk) for pk in rows}


def expected_spread(report_ids, issued):
    """What a dissemination page must show for these reports: totals, the
    non-empty weeks {monday: (national, local)}, reports past the weeks
    shown, and reports per province name."""
    rows = Report.objects.published().filter(pk__in=report_ids)
    rows = list(rows.values_list("event_date", "level", "organiser_place_id"))
    province = _todays_province()
    current = set(
        Place.objects.filter(parent=None, current=True)
        .exclude(kind=Place.Kind.DISTRICT)
        .values_list("name", flat=True)
    )
    dated = sorted(d for d, _, _ in rows if d)
    start = issued or (dated[0] if dated else None)
    weeks, later = defaultdict(lambda: [0, 0]), 0
    if start:
        monday = start - datetime.timedelta(days=start.weekday())
        for date, level, _ in rows:
            if date is None:
                continue
            index = max(0, (date - monday).days // 7)
            if index >= MAX_WEEKS:
                later += 1
                continue
            weeks[monday + datetime.timedelta(weeks=index)][level != Report.Level.CENTRAL] += 1
    provinces = Counter(
        province[place] for _, _, place in rows if place is not None and province[place] in current
    )
    return {
        "total": len(rows),
        "national": sum(level == Report.Level.CENTRAL for _, level, _ in rows),
        "weeks": {k: tuple(v) for k, v in weeks.items()},
        "later": later,
        "undated": sum(d is None for d, _, _ in rows),
        "provinces": dict(provinces),
    }


_CELL = re.compile(r'<g class="province" data-reports="(\d+)"><title>([^:<]+):')
_WEEK = re.compile(r"<title>Tuần từ (\d\d/\d\d/\d{4}): (\d+) toàn quốc, (\d+) địa phương</title>")
_LEAD = re.compile(r'<p class="lead">(\d+) bài: (\d+) về hội nghị toàn quốc, (\d+) về')


def shown_spread(client, url):
    """What the dissemination page at ``url`` shows, read from its SVG and,
    separately, from its CSV."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    html = page.content.decode()
    total, national, local = map(int, _LEAD.search(html).groups())
    svg_weeks = {}
    for start, n, loc in _WEEK.findall(html):
        if int(n) or int(loc):
            day, month, year = map(int, start.split("/"))
            svg_weeks[datetime.date(year, month, day)] = (int(n), int(loc))
    cells = {name: int(n) for n, name in _CELL.findall(html)}
    rows = list(
        csv.reader(io.StringIO(client.get(url, {"dang": "csv"}).content.decode("utf-8-sig")))
    )
    blank = rows.index([])
    csv_provinces = {r[0]: int(r[1]) for r in rows[1:blank]}
    csv_weeks = {
        datetime.date.fromisoformat(r[0]): (int(r[1]), int(r[2]))
        for r in rows[blank + 2 :]
        if int(r[1]) or int(r[2])
    }
    return {
        "total": total,
        "national": national,
        "local": local,
        "svg_weeks": svg_weeks,
        "csv_weeks": csv_weeks,
        "cells": cells,
        "csv_provinces": csv_provinces,
    }


def _compare_spread(client, url, report_ids, issued, problems):
    want = expected_spread(report_ids, issued)
    got = shown_spread(client, url)
    nonzero = {k: v for k, v in got["cells"].items() if v}
    checks = {
        "total": (got["total"], want["total"]),
        "national": (got["national"], want["national"]),
        "local": (got["local"], want["total"] - want["national"]),
        "svg weeks": (got["svg_weeks"], want["weeks"]),
        "csv weeks": (got["csv_weeks"], want["weeks"]),
        "map cells": (len(got["cells"]), 34),
        "map": (nonzero, want["provinces"]),
        "csv provinces": ({k: v for k, v in got["csv_provinces"].items() if v}, want["provinces"]),
        "csv rows": (set(got["csv_provinces"]), set(got["cells"])),
        "weeks add up": (
            sum(a + b for a, b in got["svg_weeks"].values()) + want["later"] + want["undated"],
            want["total"],
        ),
    }
    for name, (shown, expected) in checks.items():
        if shown != expected:
            problems.append(f"{url} {name}: shows {shown!r}, expected {expected!r}")
    return want


def check_dissemination(client, problems):
    """Every document studied by a report, and every plenum reported on."""
    numbers = {"documents": 0, "plenums": 0, "largest": None}
    subject_links = ReportDocument.objects.filter(
        is_subject=True, report__status=Report.Status.PUBLISHED
    ).values_list("document_id", "report_id")
    by_document = defaultdict(set)
    for document_id, report_id in subject_links:
        by_document[document_id].add(report_id)
    for document in Document.objects.filter(pk__in=by_document):
        url = f"/van-ban/{document.slug}/lan-toa/"
        want = _compare_spread(client, url, by_document[document.pk], document.issue_date, problems)
        numbers["documents"] += 1
        if numbers["largest"] is None or want["total"] > numbers["largest"][1]:
            numbers["largest"] = (document.code, want["total"], len(want["provinces"]))
    # A plenum's reports: those naming it, and those naming a document it passed.
    by_plenum = defaultdict(set)
    for plenum_id, report_id in ReportPlenum.objects.values_list("plenum_id", "report_id"):
        by_plenum[plenum_id].add(report_id)
    for plenum_id, report_id in ReportDocument.objects.exclude(document__plenum=None).values_list(
        "document__plenum_id", "report_id"
    ):
        by_plenum[plenum_id].add(report_id)
    for plenum in Plenum.objects.filter(pk__in=by_plenum).select_related("term"):
        url = f"/khoa/{plenum.term.roman.lower()}/hoi-nghi-{plenum.number}/lan-toa/"
        _compare_spread(
            client, url, by_plenum[plenum.pk], plenum.end_date or plenum.start_date, problems
        )
        numbers["plenums"] += 1
    return numbers


def check_conferences(client, problems):
    """Proposals are the rule's groups; each public conference page lists
    its published reports and the provinces they name."""
    expected = same_event_groups()
    found = {
        frozenset(c.reports.published().values_list("pk", flat=True))
        for c in Conference.objects.exclude(status=Conference.Status.REJECTED)
    }
    if found != expected:
        problems.append(
            f"conferences: {len(found - expected)} not in the rule's groups, "
            f"{len(expected - found)} groups missing"
        )
    province = _todays_province()
    sizes = []
    for conference in Conference.objects.public():
        members = list(conference.reports.published().values_list("pk", "organiser_place_id"))
        page = client.get(conference.get_absolute_url())
        if page.status_code != 200:
            problems.append(f"{conference.get_absolute_url()}: {page.status_code}")
            continue
        facts = page.context["facts"]
        if sorted(r.pk for r in facts.reports) != sorted(pk for pk, _ in members):
            problems.append(f"{conference.get_absolute_url()}: lists other reports")
        named = {province[p] for _, p in members if p}
        named |= {
            province[p]
            for p in Report.objects.filter(pk__in=[pk for pk, _ in members])
            .exclude(connection_points__place=None)
            .values_list("connection_points__place", flat=True)
        }
        if {p.name for p in facts.provinces} != named:
            problems.append(f"{conference.get_absolute_url()}: provinces differ")
        if len(facts.outlets) != len(members):
            problems.append(f"{conference.get_absolute_url()}: outlets differ")
        sizes.append(len(members))
    return {
        "conferences": len(sizes),
        "grouped_reports": sum(sizes),
        "largest": max(sizes, default=0),
    }


def check_home_months(client, problems):
    months = Counter(
        (d.year, d.month)
        for d in Report.objects.published()
        .exclude(event_date=None)
        .values_list("event_date", flat=True)
    )
    html = client.get("/").content.decode()
    shown = {
        (int(y), int(m)): int(n)
        for m, y, n in re.findall(
            r'<g class="month"><title>(\d\d)/(\d{4}): (\d+) bài</title>', html
        )
    }
    (year, month), last, every = min(months), max(months), []
    while (year, month) <= last:
        every.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    expected = {m: months.get(m, 0) for m in every[-120:]}  # the chart's last ten years
    if shown != expected:
        problems.append(
            f"home page: {len(shown)} months drawn, {len(expected)} expected or counts differ"
        )
    return {"months": len(shown)}


def check_all():
    """(numbers, problems) for the database as it is."""
    client = Client()
    problems = []
    numbers = {
        "reports": Report.objects.published().count(),
        **check_conferences(client, problems),
        **check_dissemination(client, problems),
        **check_home_months(client, problems),
    }
    return numbers, problems


def main():
    from django.conf import settings
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()  # the test client's answers then carry their context
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        numbers, problems = check_all()
    print(numbers)
    print(f"{len(problems)} problems")
    for problem in problems[:50]:
        print(" ", problem)
