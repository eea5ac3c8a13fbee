"""Background work of the statistics: the quarterly report of one agency, made and e-mailed."""

from __future__ import annotations

from django_tasks import task

from prongsai.org.models import Agency
from prongsai.stats import services


@task()
def send_quarterly_report_task(agency_id: int, fiscal_year: int, quarter: int) -> str:
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        return "no-agency"
    row = services.quarterly_report_send(agency=agency, fiscal_year=fiscal_year, quarter=quarter)
    return "sent" if row.sent_at else "not-sent"
