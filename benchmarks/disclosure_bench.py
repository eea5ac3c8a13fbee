"""Publishing-workflow benchmarks: upload checks, each workflow step, and the pages and boards
over many published pages.

    python benchmarks/disclosure_bench.py [--pages 300] [--no-write]

On a scratch SQLite file (WAL) with every migration applied and files on disk, it loads the ITA
2566 catalogue, makes an agency with its evidence listing and role holders, then:

1. checks uploads by content (a 1 MB PDF, a 2,000-row XLSX, a DOCX, an executable);
2. drives evidence through every step (create with a PDF, submit, approve, publish, unpublish),
   timing each step with its query count; each step writes its ledger entry in its transaction;
3. publishes ``--pages`` evidence pages through the whole workflow (monthly and yearly items,
   several periods) and leaves 100 more waiting for approval, then times, with query counts:
   the public evidence page, the public listing, the ITA item page, the agency's due-date board
   (service and admin page), an executive's task list, and the reminder plan.

The results replace the disclosure section of docs/benchmarks.md (unless --no-write).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- disclosure_bench:start -->", "<!-- disclosure_bench:end -->"


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


def setup_django(tmp: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["PRONGSAI_VAR_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    settings.PRONGSAI_SEARCH = {"BACKEND": "sqlite", "PATH": str(tmp / "search.sqlite3")}
    call_command("migrate", verbosity=0, interactive=False)


def make_world():
    from wagtail.models import Page, Site

    from prongsai.disclosure.services import disclosure_setup
    from prongsai.ita.schema import CATALOGUE_DIR
    from prongsai.ita.services import catalogue_import
    from prongsai.org import services
    from prongsai.org.models import Role, WorkGroupKind
    from prongsai.site.models import HomePage

    catalogue_import(file=CATALOGUE_DIR / "ita-2566.toml")
    Site.objects.all().delete()
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="สำนักงานจังหวัดทดสอบ", slug="bench")
    )
    agency = services.agency_create(
        slug="bench",
        name_th="สำนักงานจังหวัดทดสอบ",
        hostname="testserver",
        root_page=home,
        is_default_site=True,
    )
    groups = {
        kind: services.work_group_create(
            agency=agency, code=kind, name_th=f"กลุ่มงาน {kind}", kind=kind
        )
        for kind in (WorkGroupKind.PROCUREMENT, WorkGroupKind.PLANNING, WorkGroupKind.HR)
    }
    users = {}
    for name, role, group in [
        ("staff", Role.STAFF, groups[WorkGroupKind.PROCUREMENT]),
        ("planner", Role.STAFF, groups[WorkGroupKind.PLANNING]),
        ("exec", Role.EXECUTIVE, None),
        ("pr", Role.PR, None),
    ]:
        user = services.staff_user_create(
            username=name,
            password="bench-password-123",  # noqa: S106 - a throwaway scratch database
            first_name=name,
            last_name="B",
            email=f"{name}@example.go.th",
        )
        services.membership_add(user=user, agency=agency, role=role, work_group=group)
        users[name] = user
    services.position_create(
        agency=agency,
        title_th="ผู้บริหาร",
        is_executive=True,
        oversees=list(groups.values()),
        holder=users["exec"],
    )
    disclosure_setup(agency=agency)
    return agency, groups, users


def timed(fn, repeat: int = 3):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries


def fmt(ms: float) -> str:
    return f"{ms:,.1f} ms" if ms < 100 else f"{ms:,.0f} ms"


def sample_files() -> dict[str, bytes]:
    import docx

    from prongsai.disclosure import samples

    lines = [
        f"Procurement line {i}: stationery and supplies, amount {i * 100} baht" for i in range(40)
    ]
    pdf = samples.simple_pdf(lines)
    pdf_1mb = pdf.replace(b"%%EOF", b"%" + b"0" * (1024 * 1024 - len(pdf)) + b"\n%%EOF")
    rows = [["ลำดับ", "งานที่ซื้อหรือจ้าง", "วงเงิน"]] + [
        [i, f"วัสดุสำนักงาน รายการที่ {i}", i * 100] for i in range(2000)
    ]
    document = docx.Document()
    for i in range(200):
        document.add_paragraph(f"ประกาศผลการจัดซื้อจัดจ้าง ข้อ {i}")
    out = io.BytesIO()
    document.save(out)
    return {
        "PDF, 1 MB": pdf_1mb,
        "XLSX, 2,000 rows": samples.simple_xlsx(rows),
        "DOCX, 200 paragraphs": out.getvalue(),
        "executable renamed .pdf (refused)": b"MZ" + b"\0" * 4096,
        "_pdf": pdf,
    }


def run(pages: int) -> str:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from prongsai.disclosure import reminders, selectors, services
    from prongsai.disclosure.files import FileRejected, check_file
    from prongsai.disclosure.models import EvidencePage
    from prongsai.ita.models import Item
    from prongsai.ledger.models import LedgerEntry

    agency, groups, users = make_world()
    files = sample_files()
    pdf = files.pop("_pdf")
    items = {i.code: i for i in Item.objects.filter(catalogue__fiscal_year=2566)}
    out: list[str] = []
    out.append("## Publishing workflow (`benchmarks/disclosure_bench.py`)\n")
    load = os.getloadavg()[0]
    out.append(
        f"{timezone.localdate():%Y-%m-%d} · {machine()} · SQLite (WAL) scratch file, files on disk"
        f" · load average {load:.1f} before the run (shared machine: wall-clock times include"
        " waiting for a core)\n"
    )

    out.append("| upload check by content | time (median of 3) |\n|---|---:|")
    for label, data in files.items():

        def check(data=data, label=label):
            with contextlib.suppress(FileRejected):
                check_file(f"{label}.pdf" if "renamed" in label else "x", data)

        ms, _q = timed(check)
        out.append(f"| {label} | {fmt(ms)} |")

    def new(period: str, code: str = "O21", by: str = "staff"):
        group = groups["procurement"] if by == "staff" else groups["planning"]
        return services.evidence_create(
            user=users[by],
            work_group=group,
            title=f"{code} {period}",
            period_key=period,
            items=[(items[code], None)],
            files=[services.NewFile(f"{code}_{period}.pdf", pdf)],
        )

    def task(page):
        return EvidencePage.objects.get(pk=page.pk).current_workflow_task_state

    steps: dict[str, list[tuple[float, int]]] = {
        k: [] for k in ("create", "submit", "approve", "publish", "unpublish")
    }

    def measure(name, fn):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            result = fn()
            steps[name].append(((time.perf_counter() - started) * 1000, len(ctx.captured_queries)))
        return result

    for n in range(5):
        page = measure("create", lambda n=n: new(f"2567-M0{n + 1}"))
        measure("submit", lambda p=page: services.evidence_submit(page=p, user=users["staff"]))
        measure(
            "approve", lambda p=page: services.task_approve(task_state=task(p), user=users["exec"])
        )
        measure(
            "publish", lambda p=page: services.task_approve(task_state=task(p), user=users["pr"])
        )
        measure(
            "unpublish",
            lambda p=page: services.evidence_unpublish(page=p, user=users["pr"], reason="ทดสอบ"),
        )
    out.append(
        "\n| workflow step (with its ledger entry) | time (median of 5) | queries |\n|---|---:|---:|"
    )
    labels = {
        "create": "create a draft with a 3 KB PDF (checked, stored, first revision)",
        "submit": "submit for approval",
        "approve": "executive approves",
        "publish": "PR publishes (content and file hashes, ITA claims, search queued)",
        "unpublish": "unpublish with a reason",
    }
    for name, values in steps.items():
        ms = statistics.median(v[0] for v in values)
        out.append(f"| {labels[name]} | {fmt(ms)} | {values[-1][1]} |")

    started = time.perf_counter()
    # O21 monthly summaries by the procurement group, and yearly plans by both groups.
    kinds = [("O21", "staff"), ("O19", "staff"), ("O20", "staff"), ("O11", "planner")]
    for made in range(pages):
        code, by = kinds[made % len(kinds)]
        period = f"2566-M{made % 12 + 1:02d}" if code == "O21" else "2566"
        page = new(period, code, by)
        services.evidence_submit(page=page, user=users[by])
        services.task_approve(task_state=task(page), user=users["exec"])
        services.task_approve(task_state=task(page), user=users["pr"])
    publish_seconds = time.perf_counter() - started
    for n in range(100):
        page = new(f"2570-M{n % 12 + 1:02d}")
        services.evidence_submit(page=page, user=users["staff"])

    client = Client(HTTP_HOST="testserver")
    sample = EvidencePage.objects.filter(live=True).order_by("-pk").first()
    index = sample.get_parent()
    executive = Client(HTTP_HOST="testserver")
    executive.force_login(users["exec"])
    reads = [
        ("public evidence page (HTTP 200)", lambda: client.get(sample.url).status_code),
        (
            "public evidence listing, first page (HTTP 200)",
            lambda: client.get(index.url).status_code,
        ),
        (
            "ITA item page `/ita/2566/o21/` (HTTP 200)",
            lambda: client.get("/ita/2566/o21/").status_code,
        ),
        (
            "due-date board of the agency, FY 2566 (service)",
            lambda: selectors.due_board(agency=agency, year=2566),
        ),
        (
            "due-date board, admin page (HTTP 200)",
            lambda: executive.get("/admin/disclosure/board/?scope=agency&year=2566").status_code,
        ),
        (
            "executive's task list, 100 waiting (HTTP 200)",
            lambda: executive.get("/admin/disclosure/tasks/").status_code,
        ),
        (
            "reminder plan of the day",
            lambda: reminders.reminders_plan(agency=agency, today=timezone.localdate()),
        ),
    ]
    out.append(
        f"\n{pages} pages published through the whole workflow in {publish_seconds:,.0f} s"
        f" ({publish_seconds / pages * 1000:,.0f} ms per page: create, submit, approve, publish),"
        f" 100 more waiting for approval; the ledger holds {LedgerEntry.objects.count():,} entries.\n"
    )
    out.append("| read | time (median of 3) | queries |\n|---|---:|---:|")
    for label, fn in reads:
        fn()  # warm caches (templates, content types)
        ms, queries = timed(fn)
        out.append(f"| {label} | {fmt(ms)} | {queries} |")
    out.append(
        "\nQuery counts of the pages and the board do not grow with the number of evidence pages"
        " (fixed queries per page; lists are paginated). Every step writes its ledger entry in the"
        " step's transaction."
    )
    return "\n".join(out)


def write_section(text: str) -> None:
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    block = f"{START}\n{text.rstrip()}\n{END}"
    if START in current and END in current:
        head, rest = current.split(START, 1)
        _, tail = rest.split(END, 1)
        DOC.write_text(head + block + tail, encoding="utf-8")
    else:
        DOC.write_text(current.rstrip() + "\n\n" + block + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        text = run(args.pages)
    print(text)
    if not args.no_write:
        write_section(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
