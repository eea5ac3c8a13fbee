"""Readiness rules: which periods an item must cover, what a set of claims covers, and the score.

Pure Python (no Django): the selectors load rows and call these functions, so the rules are
tested without a database. The rules, in short (``docs/ita-catalogue.md`` has the full text):

* An item's ``period`` rule names a *span* of the catalogue's fiscal year (``h1``, ``year``,
  ``previous_year`` or ``current``) and the *unit* each piece of evidence covers (``month``,
  ``quarter``, ``half``, ``year``, ``current`` or ``any``). The required periods are every period
  of that unit inside the span (a monthly item over ``h1`` needs ``M01`` … ``M06``).
* A required period is covered for an element when claims for that element cover it: a claim for
  the period itself, or claims for finer periods inside it that together cover every month of it
  (``Q1`` + ``Q2`` cover ``H1``). A coarser claim does not cover a finer period: an ``H1`` report
  does not stand for each month (the same evidence can claim each month explicitly).
* ``unit = "any"``: one claim dated anywhere inside the span is enough.
* ``span = "current"``: any claim covers it (the evidence is on the site now).
* A claim with no element shows that evidence is published but ticks no element. A "nothing to
  report for this period" claim (``nil_return``) covers every element for its period.
* An item scores 100 only if every required element is covered for every required period,
  otherwise 0. A (sub-)indicator's predicted score is the mean of its items' scores; the OIT total
  is the mean over all items, and its contribution to the ITA total is 40 % of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from prongsai.thai.errors import ThaiValueError
from prongsai.thai.periods import Period, PeriodKind, periods_in

from .schema import PeriodRule

OIT_WEIGHT = 0.40  # the OIT part's share of the ITA total (IIT 30 + EIT 30 + OIT 40)
PASS_SCORE = 100

Month = tuple[int, int]  # (fiscal year, fiscal month 1..12)

_UNIT_KIND = {
    "month": PeriodKind.MONTH,
    "quarter": PeriodKind.QUARTER,
    "half": PeriodKind.HALF,
    "year": PeriodKind.YEAR,
}
_MONTHS_PER = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}


def parse_period(key: str) -> Period | None:
    """The period of a claim's key, or ``None`` when the key is not a valid period key."""
    try:
        return Period.from_key(key)
    except (ThaiValueError, TypeError):
        return None


def months_of(period: Period) -> frozenset[Month]:
    """The fiscal months a bounded period spans; empty for ``current``."""
    if period.kind is PeriodKind.CURRENT or period.fiscal_year is None or period.index is None:
        return frozenset()
    size = _MONTHS_PER[period.kind]
    first = (period.index - 1) * size + 1
    return frozenset((period.fiscal_year, m) for m in range(first, first + size))


def span_period(rule: PeriodRule, fiscal_year: int) -> Period:
    """The stretch of time an item's evidence must cover."""
    if rule.span == "current":
        return Period(PeriodKind.CURRENT)
    if rule.span == "h1":
        return Period(PeriodKind.HALF, fiscal_year, 1)
    if rule.span == "previous_year":
        return Period(PeriodKind.YEAR, fiscal_year - 1, 1)
    return Period(PeriodKind.YEAR, fiscal_year, 1)


def required_periods(rule: PeriodRule, fiscal_year: int) -> list[Period]:
    """Every period an item must cover, in time order."""
    span = span_period(rule, fiscal_year)
    if span.kind is PeriodKind.CURRENT or rule.unit in ("any", "current"):
        return [span]
    span_months = months_of(span)
    if span.fiscal_year is None:  # pragma: no cover - bounded spans always have a year
        return [span]
    return [
        p
        for p in periods_in(_UNIT_KIND[rule.unit], span.fiscal_year)
        if months_of(p) <= span_months
    ]


def period_covered(required: Period, claimed: Iterable[Period], unit: str) -> bool:
    """Whether claims for ``claimed`` periods cover ``required`` under ``unit``."""
    claimed = list(claimed)
    if required.kind is PeriodKind.CURRENT:
        return bool(claimed)
    need = months_of(required)
    inside = [months_of(p) for p in claimed if p.kind is not PeriodKind.CURRENT]
    inside = [m for m in inside if m and m <= need]
    if unit == "any":
        return bool(inside)
    got: set[Month] = set()
    for months in inside:
        got |= months
    return got >= need


def due_date(
    required: Period,
    *,
    answer_opens: dt.date,
    answer_closes: dt.date,
    grace_days: int,
    unit: str,
) -> dt.date:
    """When evidence for ``required`` must be on the site.

    Month, quarter and half periods fall due ``grace_days`` after they end, but no later than the
    close of the assessment's answer window when they end before it. Year, "any" and current
    evidence is due when the answer window opens.
    """
    end = required.end
    if unit in ("month", "quarter", "half") and end is not None:
        due = end + dt.timedelta(days=grace_days)
        if end <= answer_closes:
            due = min(due, answer_closes)
        return due
    return answer_opens


# ---------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class ClaimRef:
    """What the rules need of one evidence claim (``EvidenceClaim`` rows are adapted to this)."""

    id: int
    element_key: str | None
    period_key: str
    nil_return: bool = False
    title: str = ""
    url: str = ""
    published_at: dt.datetime | None = None
    count: int = 1  # a summary row stands for this many claims


@dataclass(frozen=True)
class ElementRequirement:
    key: str
    required: bool = True


@dataclass(frozen=True)
class ElementStatus:
    key: str
    required: bool
    covered: bool
    periods_covered: tuple[str, ...]
    periods_missing: tuple[str, ...]
    claims: tuple[ClaimRef, ...]  # the claims that tick this element for a required period


@dataclass(frozen=True)
class PeriodStatus:
    period: Period
    due: dt.date
    covered: bool  # every required element is covered for this period
    overdue: bool
    missing_elements: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.period.key


@dataclass(frozen=True)
class ItemReadiness:
    published: bool
    passes: bool
    overdue: bool
    elements: tuple[ElementStatus, ...]
    periods: tuple[PeriodStatus, ...]
    last_published: dt.datetime | None
    next_due: dt.date | None
    claims: tuple[ClaimRef, ...] = field(default=())

    @property
    def score(self) -> int:
        return PASS_SCORE if self.passes else 0

    @property
    def elements_covered(self) -> int:
        return sum(1 for e in self.elements if e.covered and e.required)

    @property
    def elements_required(self) -> int:
        return sum(1 for e in self.elements if e.required)

    @property
    def periods_covered(self) -> int:
        return sum(1 for p in self.periods if p.covered)

    @property
    def status(self) -> str:
        """``complete``, ``overdue``, ``partial`` or ``missing``."""
        if self.passes:
            return "complete"
        if self.overdue:
            return "overdue"
        return "partial" if self.published else "missing"


def evaluate_item(
    *,
    rule: PeriodRule,
    fiscal_year: int,
    elements: Sequence[ElementRequirement],
    claims: Sequence[ClaimRef],
    today: dt.date,
    answer_opens: dt.date,
    answer_closes: dt.date,
    grace_days: int,
) -> ItemReadiness:
    """The readiness of one item from its published claims."""
    required = required_periods(rule, fiscal_year)
    parsed = [(c, parse_period(c.period_key)) for c in claims]
    valid = [(c, p) for c, p in parsed if p is not None]

    element_status: list[ElementStatus] = []
    covered_by_period: dict[str, set[str]] = {p.key: set() for p in required}
    for el in elements:
        mine = [(c, p) for c, p in valid if c.nil_return or c.element_key == el.key]
        periods_ok: list[str] = []
        periods_missing: list[str] = []
        used: dict[int, ClaimRef] = {}
        for req in required:
            relevant = [(c, p) for c, p in mine if _relevant(req, p)]
            for c, _ in relevant:
                used.setdefault(c.id, c)
            if period_covered(req, (p for _, p in relevant), rule.unit):
                periods_ok.append(req.key)
                covered_by_period[req.key].add(el.key)
            else:
                periods_missing.append(req.key)
        element_status.append(
            ElementStatus(
                key=el.key,
                required=el.required,
                covered=not periods_missing,
                periods_covered=tuple(periods_ok),
                periods_missing=tuple(periods_missing),
                claims=tuple(sorted(used.values(), key=lambda c: (c.period_key, c.id))),
            )
        )

    required_keys = [e.key for e in elements if e.required]
    period_status: list[PeriodStatus] = []
    for req in required:
        due = due_date(
            req,
            answer_opens=answer_opens,
            answer_closes=answer_closes,
            grace_days=grace_days,
            unit=rule.unit,
        )
        missing = tuple(k for k in required_keys if k not in covered_by_period[req.key])
        period_status.append(
            PeriodStatus(
                period=req,
                due=due,
                covered=not missing,
                overdue=bool(missing) and due < today,
                missing_elements=missing,
            )
        )
    published_at = [c.published_at for c in claims if c.published_at is not None]
    open_dues = [p.due for p in period_status if not p.covered]
    return ItemReadiness(
        published=bool(claims),
        passes=bool(required_keys) and all(p.covered for p in period_status),
        overdue=any(p.overdue for p in period_status),
        elements=tuple(element_status),
        periods=tuple(period_status),
        last_published=max(published_at) if published_at else None,
        next_due=min(open_dues) if open_dues else None,
        claims=tuple(claims),
    )


def _relevant(required: Period, claimed: Period) -> bool:
    if required.kind is PeriodKind.CURRENT:
        return True
    months = months_of(claimed)
    return bool(months) and months <= months_of(required)


# ---------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Score:
    items: int
    passed: int

    @property
    def percent(self) -> float:
        return round(100.0 * self.passed / self.items, 2) if self.items else 0.0

    @property
    def ita_points(self) -> float:
        """This score's weight in the ITA total (the OIT part counts 40 of 100)."""
        return round(self.percent * OIT_WEIGHT, 2)


def score(passes: Iterable[bool]) -> Score:
    values = list(passes)
    return Score(items=len(values), passed=sum(1 for v in values if v))
