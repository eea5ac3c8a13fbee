"""Statistics benchmarks: the cost of counting visits, the quarterly report over millions of raw
events, and the dashboard's queries over a year of rollups.

    python benchmarks/stats_bench.py [--events 5000000] [--requests 400] [--rounds 5] [--no-write]

1. Public-page throughput with recording on and off, side by side in one run: the same pages
   (home, a work group, the statistics page) requested through Django's WSGI handler with the
   whole middleware stack, rounds alternating on/off, with the page cache on (as deployed) and off
   (every page rendered). Recording on includes writing the buffer to the database
   (``bulk_create`` every 500 events, after the response). Target: on ≥ 90 % of off.
2. The quarterly report of a quarter with ``--events`` raw events (FY 2566 Q2, 90 days): the
   rollup of its 90 days from the raw events, then the report (figures, PDF with charts and the
   whole Thai font, XLSX). Target: the report ≤ 10 s.
3. The dashboard's queries over a year of rollups (FY 2566 with hundreds of pages and queries a
   day): every selector the dashboard runs for the whole year and for a quarter. Target ≤ 200 ms.

SQLite (WAL) scratch file, migrated from scratch. Replaces the statistics section of
docs/benchmarks.md (unless --no-write).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOCS_MD = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- stats_bench:start -->", "<!-- stats_bench:end -->"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores (nproc), {cpu}, Python {platform.python_version()}"


def setup_django(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("ita_load", verbosity=0)


def make_agency():
    from wagtail.models import Page, Site

    from prongsai.org import services
    from prongsai.org.models import WorkGroupKind
    from prongsai.site.models import HomePage

    Site.objects.all().delete()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="สำนักงานจังหวัดทดสอบ", slug="bench"))
    agency = services.agency_create(
        slug="bench",
        name_th="สำนักงานจังหวัดทดสอบ",
        name_en="Bench Office",
        hostname="testserver",
        root_page=home,
        is_default_site=True,
    )
    services.work_group_create(
        agency=agency, code="finance", name_th="กลุ่มงานการเงิน", kind=WorkGroupKind.PROCUREMENT
    )
    return agency


# ---------------------------------------------------------------------------- 1. throughput


def throughput(requests: int, rounds: int) -> list[dict[str, object]]:
    from django.core.cache import cache
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory, override_settings

    from prongsai.stats import recorder
    from prongsai.stats.models import Event

    handler = WSGIHandler()
    paths = ["/", "/groups/finance/", "/statistics/"]
    environs = []
    for i, path in enumerate(paths):
        env = RequestFactory().get(path).environ
        env.update(
            HTTP_USER_AGENT=BROWSER,
            REMOTE_ADDR=f"198.51.100.{i + 1}",
            HTTP_ACCEPT_LANGUAGE="th",
        )
        environs.append(env)

    def start_response(status: str, headers: list) -> None:
        if not status.startswith("200"):
            raise RuntimeError(f"{status} from the benchmark page")

    def run(n: int) -> tuple[float, float]:
        """(requests per wall-clock second, requests per CPU second of this process)"""
        started, cpu = time.perf_counter(), time.process_time()
        for i in range(n):
            response = handler(dict(environs[i % len(environs)]), start_response)
            for _chunk in response:
                pass
            response.close()  # request_finished: the buffer is written here when due
        return n / (time.perf_counter() - started), n / (time.process_time() - cpu)

    results = []
    for cache_seconds in (600, 0):
        rates: dict[bool, list[float]] = {True: [], False: []}
        cpu_rates: dict[bool, list[float]] = {True: [], False: []}
        with override_settings(
            PUBLIC_CACHE_SECONDS=cache_seconds, STATS_AUTO_FLUSH=True, DEBUG=False
        ):
            cache.clear()
            for enabled in (True, False):  # warm both paths up
                with override_settings(STATS_ENABLED=enabled):
                    run(max(30, requests // 10))
            recorder.flush()
            before = Event.objects.count()
            for r in range(rounds):
                order = (True, False) if r % 2 == 0 else (False, True)
                for enabled in order:
                    with override_settings(STATS_ENABLED=enabled):
                        wall, cpu = run(requests)
                        rates[enabled].append(wall)
                        cpu_rates[enabled].append(cpu)
            recorder.flush()
            recorded = Event.objects.count() - before
        on, off = statistics.median(rates[True]), statistics.median(rates[False])
        cpu_on, cpu_off = statistics.median(cpu_rates[True]), statistics.median(cpu_rates[False])
        results.append(
            {
                "cache": cache_seconds,
                "on": on,
                "off": off,
                "ratio": on / off,
                "cpu_on": cpu_on,
                "cpu_off": cpu_off,
                "cpu_ratio": cpu_on / cpu_off,
                "recorded": recorded,
                "expected": rounds * requests,
            }
        )
    return results


# ---------------------------------------------------------------------------- 2. the report


def fill_raw_events(agency_id: int, total: int, rng: random.Random) -> tuple[float, int]:
    """``total`` raw events over FY 2566 Q2 (1 Jan – 31 Mar 2023), inserted in bulk."""
    from django.db import connection

    from prongsai.stats.models import EventKind, TargetKind

    start_day = dt.date(2023, 1, 1)
    days = 90
    per_day = total // days
    pages = [(TargetKind.PAGE, str(i), f"/page-{i}/") for i in range(1, 201)]
    items = [(TargetKind.ITEM, f"2566/o{i}", f"/ita/2566/o{i}/") for i in range(1, 44)]
    groups = [(TargetKind.GROUP, "finance", "/groups/finance/")]
    targets = pages + items + groups
    weights = [1 / (i + 1) ** 0.8 for i in range(len(targets))]
    queries = [f"คำค้น {i}" for i in range(400)]
    qweights = [1 / (i + 1) for i in range(len(queries))]
    sql = (
        "INSERT INTO stats_event (agency_id, at, kind, target_kind, target, path, group_id, "
        "visitor, query, results, rank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    started = time.perf_counter()
    inserted = 0
    connection.ensure_connection()
    raw = connection.connection  # the sqlite3 connection: plain executemany, no wrapper
    # one timestamp string per second of the day, made once
    seconds = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86400)]
    for d in range(days):
        day = start_day + dt.timedelta(days=d)
        # the Bangkok day runs from 17:00 UTC the day before
        utc_day = (day - dt.timedelta(days=1)).isoformat()
        next_day = day.isoformat()

        def stamp(second: int, a: str = utc_day, b: str = next_day) -> str:
            s = second + 17 * 3600
            return f"{a} {seconds[s]}" if s < 86400 else f"{b} {seconds[s - 86400]}"

        visitors = [f"{rng.getrandbits(64):016x}" for _ in range(per_day // 4)]
        picks = rng.choices(range(len(targets)), weights=weights, k=per_day)
        qpicks = rng.choices(range(len(queries)), weights=qweights, k=per_day // 15)
        rows = []
        for n, t in enumerate(picks):
            kind, target, path = targets[t]
            at = stamp(n * 86399 // per_day)
            event_kind = EventKind.DOWNLOAD if n % 11 == 0 else EventKind.VIEW
            rows.append(
                (agency_id, at, event_kind, kind, target, path, None,
                 rng.choice(visitors), "", None, None)
            )  # fmt: skip
        for n, q in enumerate(qpicks):
            at = stamp(n * 86399 // len(qpicks))
            found = 0 if q % 7 == 0 else 1 + q % 30
            rows.append(
                (agency_id, at, EventKind.SEARCH, "", "", "", None, rng.choice(visitors),
                 queries[q], found, None)
            )  # fmt: skip
            if found and n % 2 == 0:
                rows.append(
                    (agency_id, at, EventKind.CLICK, "", "", "", None, rng.choice(visitors),
                     queries[q], None, 1 + n % 5)
                )  # fmt: skip
        rows = rows[: max(0, total - inserted)] if d == days - 1 else rows
        raw.executemany(sql, rows)
        raw.commit()
        inserted += len(rows)
    return time.perf_counter() - started, inserted


def quarter_report(agency, events: int) -> dict[str, float]:
    from prongsai.stats import report, services

    rng = random.Random(2566)
    fill_secs, inserted = fill_raw_events(agency.pk, events, rng)
    started = time.perf_counter()
    day = dt.date(2023, 1, 1)
    while day <= dt.date(2023, 3, 31):
        services.day_roll_up(day=day, today=day + dt.timedelta(days=1), update_month=False)
        day += dt.timedelta(days=1)
    for month in (dt.date(2023, 1, 1), dt.date(2023, 2, 1), dt.date(2023, 3, 1)):
        services.month_roll_up(month=month)
    rollup_secs = time.perf_counter() - started
    timings = {}
    started = time.perf_counter()
    data = report.build(agency=agency, fiscal_year=2566, quarter=2, today=dt.date(2023, 4, 2))
    timings["build"] = time.perf_counter() - started
    started = time.perf_counter()
    pdf = report.render_pdf(data)
    timings["pdf"] = time.perf_counter() - started
    started = time.perf_counter()
    xlsx = report.render_xlsx(data)
    timings["xlsx"] = time.perf_counter() - started
    views = next(f.current for f in data.figures if f.key == "views")
    return {
        "fill": fill_secs,
        "inserted": inserted,
        "rollup": rollup_secs,
        **timings,
        "report": sum(timings.values()),
        "pdf_bytes": len(pdf),
        "xlsx_bytes": len(xlsx),
        "views": views,
    }


# ---------------------------------------------------------------------------- 3. the dashboard


def year_of_rollups(agency, rng: random.Random) -> dict[str, int]:
    from prongsai.stats import services
    from prongsai.stats.models import DailySearch, DailyTarget, DailyTotal, EventKind, TargetKind

    services_month = services.month_roll_up
    first = dt.date(2022, 10, 1)
    totals, targets, searches = [], [], []
    for d in range(365):
        day = first + dt.timedelta(days=d)
        if day >= dt.date(2023, 1, 1) and day <= dt.date(2023, 3, 31):
            continue  # Q2 comes from the raw events above
        totals.append(DailyTotal(agency=agency, day=day, views=5000, visitors=2000, searches=300))
        for i in range(400):
            kind = TargetKind.ITEM if i < 43 else TargetKind.PAGE
            target = f"2566/o{i + 1}" if i < 43 else str(i)
            targets.append(
                DailyTarget(
                    agency=agency, day=day, kind=EventKind.VIEW, target_kind=kind,
                    target=target, path=f"/p/{i}/", count=rng.randint(1, 50), visitors=1,
                )
            )  # fmt: skip
        for i in range(300):
            searches.append(
                DailySearch(
                    agency=agency, day=day, query=f"คำค้นรายปี {i}", searches=rng.randint(1, 9),
                    zero_results=rng.randint(0, 1), clicks=1, rank_sum=2,
                )
            )  # fmt: skip
    DailyTotal.objects.bulk_create(totals, batch_size=2000)
    DailyTarget.objects.bulk_create(targets, batch_size=5000)
    DailySearch.objects.bulk_create(searches, batch_size=5000)
    month = first
    while month <= dt.date(2023, 9, 1):
        services_month(month=month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return {
        "daily_targets": DailyTarget.objects.count(),
        "daily_searches": DailySearch.objects.count(),
    }


def dashboard_queries(agency) -> dict[str, float]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from prongsai.stats import report, selectors
    from prongsai.stats.models import EventKind, TargetKind
    from prongsai.stats.selectors import StatsPeriod

    def everything(period: StatsPeriod) -> None:
        previous = period.previous
        selectors.totals(agency, period.start, period.end)
        selectors.totals(agency, previous.start, previous.end)
        if period.quarter is None:
            selectors.monthly_series(agency, period.start, period.end)
        else:
            selectors.daily_series(agency, period.start, period.end)
        selectors.top_targets(
            agency, period, kinds=[TargetKind.PAGE, TargetKind.EVIDENCE, TargetKind.GROUP,
                                   TargetKind.VIEW, TargetKind.PATH], limit=15,
        )  # fmt: skip
        selectors.top_targets(agency, period, kinds=[TargetKind.ITEM], limit=15)
        selectors.top_targets(agency, period, kind=EventKind.DOWNLOAD, limit=15)
        selectors.top_searches(agency, period, limit=20)
        selectors.zero_result_searches(agency, period, limit=30)
        catalogue = report._catalogue_for(period)  # noqa: SLF001
        selectors.item_views(agency, period, catalogue)
        selectors.views_by_group(agency, period)

    out = {}
    for name, period in (("year", StatsPeriod.of(2566)), ("quarter", StatsPeriod.of(2566, 2))):
        times = []
        for _ in range(5):
            reset_queries()
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                everything(period)
                times.append(time.perf_counter() - started)
        out[name] = statistics.median(times)
        out[f"{name}_queries"] = len(ctx.captured_queries)
    return out


# ---------------------------------------------------------------------------- the doc


def section(args, tp, rep, dash, sizes) -> str:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    lines = [
        BEGIN,
        "## Statistics (`benchmarks/stats_bench.py`)",
        "",
        f"Measured {today} on {machine()}; load average {load:.1f} at the end of the run "
        "(the machine is shared). SQLite (WAL) scratch file.",
        "",
        "| measurement | result | target |",
        "|---|---|---|",
    ]
    for r in tp:
        label = (
            "page cache on (as deployed)" if r["cache"] else "page cache off (every page rendered)"
        )
        lines.append(
            f"| public-page throughput, {label}: recording on / off "
            f"(median of {args.rounds} alternating rounds of {args.requests} requests) | "
            f"**{r['on']:,.0f} / {r['off']:,.0f} req/s = {100 * r['ratio']:.0f} %** wall-clock; "
            f"{r['cpu_on']:,.0f} / {r['cpu_off']:,.0f} req per CPU-second = "
            f"{100 * r['cpu_ratio']:.0f} % ({r['recorded']:,} of {r['expected']:,} visits "
            f"recorded) | ≥ 90 % |"
        )
    lines += [
        f"| quarterly report of FY 2566 Q2 over {rep['inserted']:,} raw events: figures + PDF + XLSX "
        f"| **{rep['report']:.2f} s** (figures {rep['build']:.2f} s, PDF {rep['pdf']:.2f} s, "
        f"XLSX {rep['xlsx']:.2f} s) | ≤ 10 s |",
        f"| rolling those 90 days up from the raw events (done every 15 minutes in use, one or "
        f"two days at a time) | {rep['rollup']:.1f} s ({rep['rollup'] / 90:.2f} s a day) | |",
        f"| dashboard queries, whole fiscal year ({sizes['daily_targets']:,} daily target rows, "
        f"{sizes['daily_searches']:,} daily search rows) | **{1000 * dash['year']:.0f} ms** "
        f"({dash['year_queries']} queries) | ≤ 200 ms |",
        f"| dashboard queries, one quarter | **{1000 * dash['quarter']:.0f} ms** "
        f"({dash['quarter_queries']} queries) | ≤ 200 ms |",
        "",
        "Throughput: Django's WSGI handler called in-process with the whole middleware stack, "
        "three public pages in turn (home, a work group, the statistics page), anonymous with a "
        "browser user agent; recording on includes the visitor hash and the batched database "
        "writes after the response. Most of a request's time is the agency look-up and a new "
        "SQLite connection (CONN_MAX_AGE 0), the same with and without recording. Wall-clock "
        "rates move with the other work on the shared machine; requests per CPU-second of the "
        "benchmark process do much less. Report: the raw events were inserted in bulk "
        f"({rep['fill']:.0f} s, not part of any timing); the PDF is {rep['pdf_bytes'] / 1e3:,.0f} KB "
        f"(whole Laksaman font embedded), the XLSX {rep['xlsx_bytes'] / 1e3:,.0f} KB. The report "
        "reads only the aggregate tables, so its time does not grow with the raw events; the "
        "rollup does, one day at a time. Dashboard: every selector the dashboard page runs "
        "(totals of the period and the previous one, the visits series, top pages, items, files "
        "and searches, searches without results, views per ITA item and per work group), median "
        "of 5.",
        END,
    ]
    return "\n".join(lines)


def write_section(text: str) -> None:
    DOCS_MD.parent.mkdir(parents=True, exist_ok=True)
    doc = DOCS_MD.read_text(encoding="utf-8") if DOCS_MD.exists() else "# Benchmarks\n"
    if BEGIN in doc and END in doc:
        head, rest = doc.split(BEGIN, 1)
        doc = head + text + rest.split(END, 1)[1]
    else:
        doc = doc.rstrip("\n") + "\n\n" + text + "\n"
    DOCS_MD.write_text(doc, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stats-bench-") as tmp:
        print("migrating a scratch database…", flush=True)
        setup_django(Path(tmp))
        agency = make_agency()
        print("1. throughput with recording on and off…", flush=True)
        tp = throughput(args.requests, args.rounds)
        for r in tp:
            print(
                f"   cache {r['cache']}: on {r['on']:.0f} off {r['off']:.0f} ratio {r['ratio']:.2f}"
            )
        print(f"2. the quarterly report over {args.events:,} raw events…", flush=True)
        rep = quarter_report(agency, args.events)
        print(f"   rollup {rep['rollup']:.1f} s, report {rep['report']:.2f} s")
        print("3. dashboard queries over a year of rollups…", flush=True)
        sizes = year_of_rollups(agency, random.Random(2567))
        dash = dashboard_queries(agency)
        print(f"   year {1000 * dash['year']:.0f} ms, quarter {1000 * dash['quarter']:.0f} ms")
        text = section(args, tp, rep, dash, sizes)
        print(text)
        if not args.no_write:
            write_section(text)


if __name__ == "__main__":
    main()
