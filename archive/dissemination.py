"""How a document or plenum spread: reports per week from its issue date
(national and local conferences apart) and, for each of today's provinces,
how many reports and how many days after issue its first conference was held.

A report counts for the province it was organised in, as of today (a report of
Hà Giang counts for Tuyên Quang, which it merged into); national conferences are
those organised centrally. The charts are server-rendered SVG (``charts`` lays
them out, the template draws them) so the page reads without JavaScript, with
the same figures as a table and a CSV download.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from archive import vietnamese
from archive.models import Place, Report

# A tile-grid map: one cell per province, placed by its rough position
# (column, row), north at the top. Keys are folded names (vietnamese.search_key).
TILE_GRID = {
    "lai chau": (1, 0),
    "lao cai": (2, 0),
    "tuyen quang": (3, 0),
    "cao bang": (4, 0),
    "dien bien": (0, 1),
    "son la": (1, 1),
    "phu tho": (2, 1),
    "thai nguyen": (3, 1),
    "lang son": (4, 1),
    "ha noi": (2, 2),
    "bac ninh": (3, 2),
    "quang ninh": (4, 2),
    "ninh binh": (2, 3),
    "hung yen": (3, 3),
    "hai phong": (4, 3),
    "thanh hoa": (2, 4),
    "nghe an": (2, 5),
    "ha tinh": (3, 6),
    "quang tri": (3, 7),
    "hue": (4, 8),
    "da nang": (5, 9),
    "gia lai": (4, 10),
    "quang ngai": (5, 10),
    "dak lak": (4, 11),
    "khanh hoa": (5, 11),
    "tay ninh": (1, 12),
    "thanh pho ho chi minh": (2, 12),
    "dong nai": (3, 12),
    "lam dong": (4, 12),
    "an giang": (0, 13),
    "dong thap": (1, 13),
    "vinh long": (2, 13),
    "ca mau": (0, 14),
    "can tho": (1, 14),
}
MAX_WEEKS = 52


@dataclass
class Week:
    start: datetime.date
    national: int = 0
    local: int = 0

    @property
    def total(self):
        return self.national + self.local


@dataclass
class ProvinceRow:
    place: Place
    reports: int = 0
    first: datetime.date | None = None
    days_after: int | None = None
    cell: tuple | None = None  # (column, row) on the tile grid


@dataclass
class Dissemination:
    issued: datetime.date | None  # the issue date the weeks count from
    total: int
    national: int
    local: int
    undated: int
    weeks: list = field(default_factory=list)
    later: int = 0  # reports after the last week shown
    provinces: list = field(default_factory=list)  # ProvinceRow per current province
    elsewhere: int = 0  # reports with no known province

    @property
    def without_reports(self):
        return [row for row in self.provinces if not row.reports]


def current_provinces():
    """Today's provinces and centrally governed cities, by folded name."""
    places = Place.objects.filter(parent=None, current=True).exclude(kind=Place.Kind.DISTRICT)
    return sorted(places, key=lambda p: vietnamese.search_key(p.name))


def build(reports, issued=None):
    """The dissemination of ``reports`` (a Report queryset, published only),
    counted from ``issued`` (the first dated report when None)."""
    rows = list(
        reports.published()
        .select_related("organiser_place__parent__parent")
        .defer("body", "original_text")
        .order_by("event_date", "id")
    )
    dated = [r for r in rows if r.event_date]
    start = issued or (dated[0].event_date if dated else None)
    national = sum(r.level == Report.Level.CENTRAL for r in rows)
    result = Dissemination(
        issued=issued,
        total=len(rows),
        national=national,
        local=len(rows) - national,
        undated=len(rows) - len(dated),
    )
    provinces = {
        p.pk: ProvinceRow(p, cell=TILE_GRID.get(vietnamese.search_key(p.name)))
        for p in current_provinces()
    }
    for report in rows:
        row = None
        if report.organiser_place_id:
            row = provinces.get(report.organiser_place.province.pk)
        if row is None:
            result.elsewhere += 1
            continue
        row.reports += 1
        if report.event_date and (row.first is None or report.event_date < row.first):
            row.first = report.event_date
    if start is not None:
        for row in provinces.values():
            if row.first is not None:
                row.days_after = (row.first - start).days
        first_week = start - datetime.timedelta(days=start.weekday())
        weeks = [Week(first_week + datetime.timedelta(weeks=i)) for i in range(MAX_WEEKS)]
        last_used = -1
        for report in dated:
            index = (report.event_date - first_week).days // 7
            if index < 0:
                index = 0  # held before the issue date as recorded: counted in its first week
            if index >= MAX_WEEKS:
                result.later += 1
                continue
            week = weeks[index]
            if report.level == Report.Level.CENTRAL:
                week.national += 1
            else:
                week.local += 1
            last_used = max(last_used, index)
        result.weeks = weeks[: max(last_used + 1, 1)]
    result.provinces = list(provinces.values())
    return result


def as_csv(dissemination):
    """The province table as CSV text (UTF-8 with a BOM so spreadsheets read the accents)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(
        ["tỉnh, thành phố", "số bài", "ngày hội nghị đầu tiên", "số ngày sau khi ban hành"]
    )
    for row in dissemination.provinces:
        writer.writerow(
            [
                row.place.name,
                row.reports,
                row.first.isoformat() if row.first else "",
                "" if row.days_after is None else row.days_after,
            ]
        )
    writer.writerow([])
    writer.writerow(["tuần bắt đầu", "hội nghị toàn quốc", "hội nghị địa phương"])
    for week in dissemination.weeks:
        writer.writerow([week.start.isoformat(), week.national, week.local])
    return out.getvalue()


# --- Chart layout (the template draws it) -----------------------------------------------

CELL_W, CELL_H, GAP = 64, 40, 4
BAR_W, BAR_AREA_H = 12, 120
# Light to dark: no reports, then four steps of the largest count.
SHADES = ("#eeeeee", "#fde0c5", "#f9a870", "#e3662c", "#a8330f")


def _shade(count, largest):
    if not count:
        return SHADES[0]
    return SHADES[min(4, 1 + (4 * (count - 1)) // max(largest, 1))]


def charts(dissemination):
    """Coordinates of the timeline bars and the map's cells."""
    largest_week = max((w.total for w in dissemination.weeks), default=0) or 1
    bars = []
    for i, week in enumerate(dissemination.weeks):
        national_h = round(BAR_AREA_H * week.national / largest_week)
        local_h = round(BAR_AREA_H * week.local / largest_week)
        x = 40 + i * (BAR_W + 2)
        bars.append(
            {
                "week": week,
                "x": x,
                "national_y": BAR_AREA_H + 10 - national_h,
                "national_h": national_h,
                "local_y": BAR_AREA_H + 10 - national_h - local_h,
                "local_h": local_h,
                "label": i % 4 == 0,
            }
        )
    largest = max((row.reports for row in dissemination.provinces), default=0)
    cells = []
    for row in dissemination.provinces:
        if row.cell is None:
            continue
        column, line = row.cell
        fill = _shade(row.reports, largest)
        cells.append(
            {
                "row": row,
                "x": column * (CELL_W + GAP),
                "y": line * (CELL_H + GAP),
                "fill": fill,
                # White only on the darkest shade: #222 reads better on the one
                # before it (contrast 4.7 against white's 3.4).
                "dark": fill == SHADES[4],
                "label": _short(row.place.name),
            }
        )
    columns = 1 + max((c["row"].cell[0] for c in cells), default=0)
    lines = 1 + max((c["row"].cell[1] for c in cells), default=0)
    return {
        "bars": bars,
        "timeline_width": 40 + len(bars) * (BAR_W + 2) + 10,
        "timeline_height": BAR_AREA_H + 40,
        "axis_y": BAR_AREA_H + 10,
        "largest_week": largest_week,
        "cells": cells,
        "map_width": columns * (CELL_W + GAP),
        "map_height": lines * (CELL_H + GAP),
        "cell_w": CELL_W,
        "cell_h": CELL_H,
        "shades": SHADES,
    }


def _short(name):
    return "TP HCM" if name == "Thành phố Hồ Chí Minh" else name


# --- The home page: reports per month -------------------------------------------------

MAX_MONTHS = 120


def per_month(reports):
    """[(first day of month, count)] for every month from the first dated
    report to the last (the last ``MAX_MONTHS`` of them), months without
    reports included, with the bar layout for the home page's chart."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    counts = dict(
        reports.published()
        .exclude(event_date=None)
        .annotate(month=TruncMonth("event_date"))
        .order_by()
        .values_list("month")
        .annotate(count=Count("id"))
        .values_list("month", "count")
    )
    if not counts:
        return {"months": [], "bars": []}
    counts = {(m.year, m.month): c for m, c in counts.items()}
    first, last = min(counts), max(counts)
    months, (year, month) = [], first
    while (year, month) <= last:
        months.append((datetime.date(year, month, 1), counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    months = months[-MAX_MONTHS:]
    largest = max(c for _, c in months) or 1
    bars = [
        {
            "month": m,
            "count": c,
            "x": 30 + i * 6,
            "h": round(100 * c / largest),
            "y": 110 - round(100 * c / largest),
            "label": m.month == 1,
        }
        for i, (m, c) in enumerate(months)
    ]
    return {"months": months, "bars": bars, "largest": largest, "width": 30 + len(bars) * 6 + 10}
