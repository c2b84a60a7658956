"""Reads of Internet lines: availability per month, outages, bandwidth per public computer.

Availability of a month = 1 − seconds down / seconds of the month inside the contract, in
local time. The current month counts up to now, and an outage still going on counts up to
now. A point with several lines in a month adds their contract and outage seconds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from pacnet.connectivity.models import InternetLine, LineOutage
from pacnet.geography.models import Site
from pacnet.inventory.selectors import computer_counts_on_days

# Edge Initiative benchmark: at least 512 kbit/s for each user at the same time.
BENCHMARK_KBPS = 512
RECENT_OUTAGES = 10
# "Line is down" pressed by mistake may be undone this long after, by whoever pressed it.
OUTAGE_UNDO_MINUTES = 15

Month = tuple[int, int]
Interval = tuple[dt.datetime, dt.datetime]


def outage_undoable(outage: LineOutage | None, user, now: dt.datetime | None = None) -> bool:
    """May `user` still undo this outage (theirs, still open, started minutes ago)?"""
    if outage is None or outage.end is not None or not getattr(user, "pk", None):
        return False
    age = (now or timezone.now()) - outage.start
    return outage.reported_by_id == user.pk and age <= dt.timedelta(minutes=OUTAGE_UNDO_MINUTES)


def month_start(year: int, month: int) -> dt.datetime:
    return dt.datetime(year, month, 1, tzinfo=timezone.get_default_timezone())


def month_end(year: int, month: int) -> dt.datetime:
    return month_start(year + month // 12, month % 12 + 1)


def last_months(count: int, now: dt.datetime) -> list[Month]:
    """The `count` months ending with the month of `now`, oldest first."""
    local = timezone.localtime(now)
    index = local.year * 12 + local.month - 1
    return [(i // 12, i % 12 + 1) for i in range(index - count + 1, index + 1)]


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def contract_interval(line: InternetLine, far: Interval) -> Interval:
    """The contract as an interval of time: from its first day's midnight to after its last."""
    start = _day_start(line.active_from) if line.active_from else far[0]
    end = _day_start(line.active_to + dt.timedelta(days=1)) if line.active_to else far[1]
    return start, end


def _overlap(a: Interval, b: Interval) -> int:
    return max(0, int((min(a[1], b[1]) - max(a[0], b[0])).total_seconds()))


def _merged(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping intervals joined, so that no second is counted twice."""
    merged: list[list[dt.datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


@dataclass
class Seconds:
    """Seconds of contract and seconds down in one month at one point."""

    down: int = 0
    contract: int = 0

    @property
    def availability(self) -> float | None:
        return None if not self.contract else 1 - self.down / self.contract


def _lines_of(site_ids) -> list[InternetLine]:
    return list(InternetLine.objects.filter(site_id__in=list(site_ids)))


def _outages_between(site_ids, start: dt.datetime, end: dt.datetime) -> list[tuple]:
    return list(
        LineOutage.objects.filter(line__site_id__in=list(site_ids), start__lt=end)
        .filter(Q(end__isnull=True) | Q(end__gt=start))
        .values_list("line_id", "start", "end")
    )


def seconds_by_month(
    lines: list[InternetLine], outages: list[tuple], months: list[Month], now: dt.datetime
) -> dict[int, list[Seconds]]:
    """Per point, one `Seconds` per month of `months` (in their order)."""
    far = (month_start(*months[0]), month_end(*months[-1]))
    windows = [(month_start(*m), min(month_end(*m), now)) for m in months]
    down_of_line: dict[int, list[Interval]] = defaultdict(list)
    for line_id, start, end in outages:
        down_of_line[line_id].append((start, min(end or now, now)))
    result: dict[int, list[Seconds]] = {}
    for line in lines:
        per_month = result.setdefault(line.site_id, [Seconds() for _ in months])
        contract = contract_interval(line, far)
        down = _merged(down_of_line.get(line.pk, []))
        for seconds, window in zip(per_month, windows, strict=True):
            if window[1] <= window[0]:
                continue  # a month still to come
            inside = (max(window[0], contract[0]), min(window[1], contract[1]))
            if inside[1] <= inside[0]:
                continue
            seconds.contract += _overlap(window, contract)
            seconds.down += sum(_overlap(inside, interval) for interval in down)
    return result


def line_availability(
    *, site_ids, year: int, now: dt.datetime | None = None
) -> dict[int, list[float | None]]:
    """Per point, the availability (0–1) of each month of the year; None with no contract."""
    site_ids = list(site_ids)
    months = [(year, m) for m in range(1, 13)]
    now = now or timezone.now()
    seconds = seconds_by_month(
        _lines_of(site_ids),
        _outages_between(site_ids, month_start(year, 1), month_end(year, 12)),
        months,
        now,
    )
    empty = [None] * 12
    return {
        s: [m.availability for m in seconds[s]] if s in seconds else list(empty) for s in site_ids
    }


def current_line(lines: Iterable[InternetLine], day: dt.date) -> InternetLine | None:
    """The line whose contract covers the day; the one that started last if several do."""
    covering = [line for line in lines if line.in_contract_on(day)]
    return max(covering, key=lambda line: (line.active_from or dt.date.min, line.pk), default=None)


@dataclass(frozen=True)
class BandwidthShare:
    download_kbps: int
    computers: int

    @property
    def per_computer_kbps(self) -> int | None:
        return self.download_kbps // self.computers if self.computers else None

    @property
    def below_benchmark(self) -> bool:
        share = self.per_computer_kbps
        return share is not None and share < BENCHMARK_KBPS


def _shares(lines_by_site: dict[int, InternetLine | None], day: dt.date) -> dict:
    counts = computer_counts_on_days(list(lines_by_site), [day])[day]
    return {
        site_id: None
        if line is None
        else BandwidthShare(line.download_kbps, counts[site_id]["in_service"])
        for site_id, line in lines_by_site.items()
    }


def bandwidth_per_computer(*, site_ids, day: dt.date) -> dict[int, BandwidthShare | None]:
    """Per point: the current line's download speed shared by the computers in service."""
    lines = _lines_of(site_ids)
    by_site = {s: current_line([x for x in lines if x.site_id == s], day) for s in site_ids}
    return _shares(by_site, day)


# --- What the pages show ----------------------------------------------------------------


@dataclass
class LinePanel:
    """The "Internet line" panel of a point's page."""

    line: InternetLine | None
    lines: list[InternetLine]
    months: list[tuple[dt.date, float | None]]
    share: BandwidthShare | None
    open_outage: LineOutage | None
    outages: list[LineOutage]


def site_line_panel(site: Site, now: dt.datetime | None = None) -> LinePanel:
    now = now or timezone.now()
    day = timezone.localdate(now)
    lines = sorted(_lines_of([site.pk]), key=lambda x: x.active_from or dt.date.min, reverse=True)
    line = current_line(lines, day)
    months = last_months(12, now)
    seconds = seconds_by_month(
        lines, _outages_between([site.pk], month_start(*months[0]), now), months, now
    )
    per_month = seconds.get(site.pk, [Seconds() for _ in months])
    outages = list(
        LineOutage.objects.filter(line__site=site)
        .select_related("reported_by", "line")
        .order_by("-start")[:RECENT_OUTAGES]
    )
    open_outage = None
    if line is not None:
        open_outage = next((o for o in outages if o.end is None and o.line_id == line.pk), None)
    return LinePanel(
        line=line,
        lines=lines,
        months=[
            (dt.date(y, m, 1), s.availability) for (y, m), s in zip(months, per_month, strict=True)
        ],
        share=_shares({site.pk: line}, day)[site.pk],
        open_outage=open_outage,
        outages=outages,
    )


@dataclass
class LineRow:
    """One row of the network's list of lines."""

    site: Site
    line: InternetLine | None
    availability_year: float | None
    outages_this_month: int
    share: BandwidthShare | None


def lines_overview(sites: Iterable[Site], now: dt.datetime | None = None) -> list[LineRow]:
    """Every point's current line with this year's availability: a constant number of queries."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    sites = list(sites)
    site_ids = [s.pk for s in sites]
    lines = _lines_of(site_ids)
    months = [(day.year, m) for m in range(1, 13)]
    outages = _outages_between(site_ids, month_start(day.year, 1), month_end(day.year, 12))
    seconds = seconds_by_month(lines, outages, months, now)
    by_site: dict[int, list[InternetLine]] = defaultdict(list)
    for line in lines:
        by_site[line.site_id].append(line)
    current = {s: current_line(by_site[s], day) for s in site_ids}
    shares = _shares(current, day)
    first, after = month_start(day.year, day.month), month_end(day.year, day.month)
    line_site = {line.pk: line.site_id for line in lines}
    outage_counts: dict[int, int] = defaultdict(int)
    for line_id, start, end in outages:
        if start < after and (end is None or end > first):
            outage_counts[line_site[line_id]] += 1
    rows = []
    for site in sites:
        year = seconds.get(site.pk, [])
        total = Seconds(sum(m.down for m in year), sum(m.contract for m in year))
        rows.append(
            LineRow(
                site=site,
                line=current[site.pk],
                availability_year=total.availability,
                outages_this_month=outage_counts[site.pk],
                share=shares[site.pk],
            )
        )
    return rows
