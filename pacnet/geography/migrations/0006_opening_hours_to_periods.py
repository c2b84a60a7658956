"""The free-text opening hours of the points become weekly opening periods.

Lenient: "7:30–17:00", "7h-17h", "07:30-11:30, 13:30-17:00", with or without days ("T2-T6",
"Thứ 2 - Thứ 6", "mon-fri", "CN nghỉ"); times without days hold every day. A text it cannot
read is kept in the point's note as "Giờ mở cửa (cũ): <text>", so that nothing is lost.
Self-contained on purpose: a migration must not change when the app's parser does.
"""

import re

from django.db import migrations

NOTE_PREFIX = "Giờ mở cửa (cũ): "
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAYS = tuple(range(7))
_SPAN = re.compile(
    r"(\d{1,2})\s*(?:(?:[:.]\s*(\d{2}))|h\s*(\d{2})?)\s*-\s*(\d{1,2})\s*(?:(?:[:.]\s*(\d{2}))|h\s*(\d{2})?)"
)
_VI_DAYS = {
    "hai": 0,
    "ba": 1,
    "tư": 2,
    "tu": 2,
    "năm": 3,
    "nam": 3,
    "sáu": 4,
    "sau": 4,
    "bảy": 5,
    "bay": 5,
}
_CLOSED = re.compile(r"\b(nghỉ|đóng cửa|closed|off)\b")
_EVERY_DAY = re.compile(r"(hàng ngày|hằng ngày|các ngày trong tuần|mọi ngày|daily|every day)")


def _normal(text: str) -> str:
    text = text.lower().replace("–", "-").replace("—", "-").replace("−", "-")
    text = re.sub(r"\s*\b(đến|tới|to)\b\s*", "-", text)
    text = re.sub(r"\b(từ|from|sáng|chiều|tối)\b", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _minute(hour: str, minute: str | None) -> int | None:
    value = int(hour) * 60 + int(minute or 0)
    return value if value <= 1440 and int(minute or 0) < 60 else None


def _days(text: str) -> tuple[int, ...] | None:
    """The days a text names ("t2-t6", "thứ 2 - thứ 6, cn", "mon-fri"); () when it names none."""
    text = _EVERY_DAY.sub(" d0-d6 ", text)
    text = re.sub(r"chủ nhật|\bcn\b|\bsun(day)?\b", " d6 ", text)
    text = re.sub(
        r"\bthứ\s*([2-7]|hai|ba|tư|tu|năm|nam|sáu|sau|bảy|bay)\b",
        lambda m: f" d{int(m.group(1)) - 2 if m.group(1).isdigit() else _VI_DAYS[m.group(1)]} ",
        text,
    )
    text = re.sub(r"\bt\s*([2-7])\b", lambda m: f" d{int(m.group(1)) - 2} ", text)
    for number, name in enumerate(DAYS[:6]):
        text = re.sub(rf"\b{name}[a-z]*\b", f" d{number} ", text)
    text = re.sub(r"\b(và|and|&)\b", ",", text).strip(" ,:;.()")
    if not text:
        return ()
    days: list[int] = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*d(\d)\s*(?:-\s*d(\d)\s*)?", part)
        if not match:
            return None
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if last < first:
            return None
        days += range(first, last + 1)
    return tuple(days)


def legacy_hours_periods(text: str) -> list[tuple[int, int, int]] | None:
    """The (weekday, opens, closes) the old text says, or None when it cannot be read."""
    text = _normal(text or "")
    if not text:
        return []
    named: dict[int, list[tuple[int, int]]] = {}
    undated: list[tuple[int, int]] | None = None
    for segment in filter(None, (s.strip() for s in re.split(r"[;\n]|\.\s", text))):
        spans = []
        for match in _SPAN.finditer(segment):
            h1, m1a, m1b, h2, m2a, m2b = match.groups()
            opens, closes = _minute(h1, m1a or m1b), _minute(h2, m2a or m2b)
            if opens is None or closes is None or closes <= opens:
                return None
            spans.append((opens, closes))
        rest = _SPAN.sub(" ", segment)
        closed = bool(_CLOSED.search(rest))
        rest = _CLOSED.sub(" ", rest)
        days = _days(rest)
        if days is None or (not spans and not closed) or (spans and closed):
            return None
        if not days:
            if undated is not None or closed:
                return None
            undated = spans
            continue
        for day in days:
            if day in named:
                return None
            named[day] = spans
    for day in ALL_DAYS:
        if day not in named:
            named[day] = undated or []
    periods = sorted((day, o, c) for day, spans in named.items() for o, c in spans)
    for a, b in zip(periods, periods[1:], strict=False):
        if a[0] == b[0] and b[1] < a[2]:
            return None
    return periods or None


def periods_text(periods: list[tuple[int, int, int]]) -> str:
    """The periods as the app's canonical text (`mon-fri 07:30-17:00; sat-sun closed`)."""
    if not periods:
        return ""
    by_day = [
        ",".join(
            f"{o // 60:02d}:{o % 60:02d}-{c // 60:02d}:{c % 60:02d}"
            for d, o, c in periods
            if d == day
        )
        or "closed"
        for day in ALL_DAYS
    ]
    parts, first = [], 0
    for day in range(1, 8):
        if day == 7 or by_day[day] != by_day[first]:
            days = DAYS[first] if day - 1 == first else f"{DAYS[first]}-{DAYS[day - 1]}"
            parts.append(f"{days} {by_day[first]}")
            first = day
    return "; ".join(parts)


def note_with_old_hours(note: str, text: str) -> str:
    line = NOTE_PREFIX + text.strip()
    return f"{note.rstrip()}\n{line}" if note.strip() else line


def hours_to_periods(apps, schema_editor):
    Site = apps.get_model("geography", "Site")
    OpeningPeriod = apps.get_model("geography", "OpeningPeriod")
    for site in Site.objects.exclude(opening_hours=""):
        if OpeningPeriod.objects.filter(site=site).exists():
            continue  # already set in the new form
        periods = legacy_hours_periods(site.opening_hours)
        if periods:
            OpeningPeriod.objects.bulk_create(
                OpeningPeriod(site=site, weekday=d, opens=o, closes=c) for d, o, c in periods
            )
        else:
            site.note = note_with_old_hours(site.note, site.opening_hours)
            site.save(update_fields=["note"])


def periods_to_hours(apps, schema_editor):
    Site = apps.get_model("geography", "Site")
    OpeningPeriod = apps.get_model("geography", "OpeningPeriod")
    for site in Site.objects.all():
        rows = list(
            OpeningPeriod.objects.filter(site=site).values_list("weekday", "opens", "closes")
        )
        lines = site.note.split("\n")
        kept = [line for line in lines if not line.startswith(NOTE_PREFIX)]
        old = [line[len(NOTE_PREFIX) :] for line in lines if line.startswith(NOTE_PREFIX)]
        text = periods_text(sorted(rows)) or "; ".join(old)
        if text or old:
            site.opening_hours = text[:300]
            site.note = "\n".join(kept)
            site.save(update_fields=["opening_hours", "note"])
    OpeningPeriod.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("geography", "0005_opening_periods"),
    ]

    operations = [migrations.RunPython(hours_to_periods, periods_to_hours)]
