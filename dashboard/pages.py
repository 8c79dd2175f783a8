"""What the dashboard page shows, composed from the reads: figures, one table, the series, links."""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format

from .breakdowns import DIMENSIONS, Bucket, Row, breakdown, bucket_period, series
from .filters import Filters
from .kpis import FLOWS, KPI_NAMES, Comparison, compare
from .periods import Period, earlier, later, presets
from .presenting import LABELS, PRESET_LABELS, Card, cards, enforcement_cards, figure


@dataclass(frozen=True)
class Query:
    """The dashboard's query string, to build links that keep the same filters."""

    period: Period
    narrowing: dict[str, str] = field(default_factory=dict)
    by: str = "area"
    sort: str = "label"

    def params(self, **changes) -> dict[str, str]:
        base = {"from": self.period.start.isoformat(), "to": self.period.end.isoformat(), **self.narrowing}
        merged = {**base, "by": self.by, "sort": self.sort, **changes}
        return {name: value for name, value in merged.items() if value}

    def string(self, **changes) -> str:
        return urlencode(self.params(**changes))

    def for_period(self, period: Period) -> str:
        return self.string(**{"from": period.start.isoformat(), "to": period.end.isoformat()})


@dataclass(frozen=True)
class Cell:
    text: str
    link: str | None
    numeric: bool = True


@dataclass(frozen=True)
class Header:
    label: str
    link: str
    sorted: str  # "ascending", "descending" or "" (for aria-sort)


@dataclass(frozen=True)
class DashboardPage:
    comparison: Comparison
    cards: list[tuple[Card, str, str]]  # a figure, its records, the previous period's records
    by: str
    headers: list[Header]
    rows: list[list[Cell]]
    step: str
    buckets: list[Bucket]
    chart: dict
    series_rows: list[tuple[str, list[Cell]]]
    presets: list[tuple[str, str, bool]]
    earlier: str
    later: str
    query: Query
    tabs: list[tuple[str, str, bool]]
    chips: list[tuple[str, str]]
    enforcement_cards: list[Card]  # enforcement's follow-up: behind them, the enforcement report
    enforcement_report: str = ""  # that report (page, CSV, PDF) for the same period and office


class Links:
    """Links to the records behind each figure, with the page's filters: the URLs are reversed
    once per page, not once per figure (a table by officer has hundreds)."""

    def __init__(self, query: Query):
        self.base = {name: reverse("dashboard:records", args=[name]) for name in KPI_NAMES}
        self.params = {k: v for k, v in query.params().items() if k not in ("by", "sort")}

    def of(self, name: str, **changes: str) -> str:
        return f"{self.base[name]}?{urlencode({**self.params, **changes})}"


def table_headers(query: Query) -> list[Header]:
    headers = []
    for name in ("label", *KPI_NAMES):
        label = DIMENSIONS[query.by].label if name == "label" else LABELS[name]
        current = query.sort.removeprefix("-") == name
        descending = query.sort.startswith("-")
        # A first click sorts figures from the largest and names from A.
        first = name if name == "label" else f"-{name}"
        toggled = (name if descending else f"-{name}") if current else first
        state = ("descending" if descending else "ascending") if current else ""
        headers.append(
            Header(label=str(label), link=f"?{query.string(sort=toggled)}#breakdown", sorted=state)
        )
    return headers


def table_row(row: Row, links: Links, by: str) -> list[Cell]:
    cells = [Cell(text=row.label, link=None, numeric=False)]
    for name in KPI_NAMES:
        link = links.of(name, **{DIMENSIONS[by].param: row.key}) if row.key is not None else None
        cells.append(Cell(text=figure(getattr(row.kpis, name)), link=link))
    return cells


BUCKET_FORMATS = {"day": "j M", "week": "j M", "month": "M Y"}


def bucket_labels(buckets: list[Bucket], step: str) -> list[str]:
    return [date_format(bucket.start, BUCKET_FORMATS[step]) for bucket in buckets]


def _span(period: Period) -> dict[str, str]:
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


def card_links(card: Card, links: Links, previous: Period) -> tuple[Card, str, str]:
    return card, links.of(card.name), links.of(card.name, **_span(previous))


def series_rows(buckets: list[Bucket], step: str, query: Query, links: Links) -> list[tuple[str, list[Cell]]]:
    """The chart's table: each figure links to the records of its day, week or month."""
    rows = []
    for label, bucket in zip(bucket_labels(buckets, step), buckets, strict=True):
        span = _span(bucket_period(bucket.start, step, query.period))
        cells = [Cell(text=figure(getattr(bucket.kpis, name)), link=links.of(name, **span)) for name in FLOWS]
        rows.append((label, cells))
    return rows


def chart_data(buckets: list[Bucket], step: str) -> dict:
    """What static/js/dashboard.js draws; passed through json_script, never into a <script>."""
    return {
        "labels": bucket_labels(buckets, step),
        "datasets": [
            {"label": str(LABELS[name]), "data": [getattr(bucket.kpis, name) for bucket in buckets]}
            for name in FLOWS
        ],
    }


def preset_links(query: Query, *, today: date) -> list[tuple[str, str, bool]]:
    return [
        (str(PRESET_LABELS[name]), f"?{query.for_period(period)}", period == query.period)
        for name, period in presets(today=today).items()
    ]


def tab_links(query: Query) -> list[tuple[str, str, bool]]:
    return [
        (str(d.label), f"?{query.string(by=name, sort='label')}#breakdown", name == query.by)
        for name, d in DIMENSIONS.items()
    ]


def chip_links(query: Query, filters: Filters) -> list[tuple[str, str]]:
    """The narrowing filters that have no control on the page, each with a link that removes it."""
    chips = []
    for name in ("state", "office", "officer"):
        value = query.narrowing.get(name)
        if value:
            shown = str(filters.officer) if name == "officer" and filters.officer else value
            chips.append((f"{DIMENSIONS[name].label}: {shown}", f"?{query.string(**{name: ''})}"))
    return chips


def dashboard_page(*, filters: Filters, query: Query, today: date) -> DashboardPage:
    comparison = compare(filters=filters, today=today)
    rows = breakdown(filters=filters, by=query.by, today=today, sort=query.sort)
    step, buckets = series(filters=filters)
    links = Links(query)
    return DashboardPage(
        comparison=comparison,
        cards=[card_links(card, links, comparison.previous_period) for card in cards(comparison)],
        by=query.by,
        headers=table_headers(query),
        rows=[table_row(row, links, query.by) for row in rows],
        step=step,
        buckets=buckets,
        chart=chart_data(buckets, step),
        series_rows=series_rows(buckets, step, query, links),
        presets=preset_links(query, today=today),
        earlier=f"?{query.for_period(earlier(filters.period))}",
        later=f"?{query.for_period(later(filters.period))}",
        query=query,
        tabs=tab_links(query),
        chips=chip_links(query, filters),
        enforcement_cards=enforcement_cards(comparison),
        enforcement_report=enforcement_report_link(filters),
    )


def enforcement_report_link(filters: Filters) -> str:
    """The enforcement report of the page's period; of the office of the one area in view, if any
    (the report is by office: a supervisor's is always their own office's)."""
    params = {"start": filters.period.start.isoformat(), "end": filters.period.end.isoformat()}
    office = filters.area.office if filters.area is not None else None
    if office is not None:
        params["office"] = office.code
    return f"{reverse('enforcement:report')}?{urlencode(params)}"
