"""Wagtail's workflow reports, as staff of the agency read them.

The reports list every page in a workflow that the reader's groups may change in Wagtail's terms;
a page owned by another work group is read-only for them (prongsai.org.permissions), so it has no
edit URL. Wagtail's templates then linked to ".../None".
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from prongsai.org.models import AgencyRoleGroup, Role
from prongsai.site.models import StandardPage
from prongsai.thai import dates

REPORTS = ["/admin/reports/workflow/", "/admin/reports/workflow_tasks/"]


@pytest.fixture
def in_review(world):
    """A finance page that somchai submitted to the executives."""
    home = world.agency.site.root_page.specific
    page = home.add_child(
        instance=StandardPage(
            title="ข้อมูลการจัดซื้อจัดจ้าง",
            slug="procurement",
            work_group=world.groups["finance"],
            owner=world.users["somchai"],
            live=False,
        )
    )
    page.save_revision(user=world.users["somchai"])
    executives = AgencyRoleGroup.objects.get(agency=world.agency, role=Role.EXECUTIVE).group
    task = GroupApprovalTask.objects.create(name="ผู้บริหารพิจารณา")
    task.groups.set([executives])
    workflow = Workflow.objects.create(name="อนุมัติการเผยแพร่ข้อมูล")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=home)
    return workflow.start(page, world.users["somchai"])


def report(world, username: str, url: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(world.users[username])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _row_of(html: str, title: str) -> str:
    rows = [row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if title in row]
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize("url", REPORTS)
def test_a_page_the_reader_may_not_edit_is_listed_without_a_link(world, in_review, url):
    # wanida is staff of the HR group: Wagtail lets her change pages of the agency, so the
    # finance page is in her report, but it belongs to finance and is read-only for her.
    row = _row_of(report(world, "wanida", url), "ข้อมูลการจัดซื้อจัดจ้าง")
    assert "None" not in row
    assert "<a " not in row


@pytest.mark.parametrize("url", REPORTS)
def test_the_owner_group_gets_the_edit_link(world, in_review, url):
    row = _row_of(report(world, "somchai", url), "ข้อมูลการจัดซื้อจัดจ้าง")
    assert f'href="/admin/pages/{in_review.object_id}/edit/"' in row


def test_the_workflow_status_links_to_its_history_for_an_editor(world, in_review):
    row = _row_of(report(world, "somchai", REPORTS[0]), "ข้อมูลการจัดซื้อจัดจ้าง")
    history = f"/admin/pages/{in_review.object_id}/workflow_history/detail/{in_review.pk}/"
    assert history in row


@pytest.mark.parametrize("url", REPORTS)
def test_dates_are_in_the_buddhist_era(world, in_review, url):
    started = (
        in_review.created_at if "tasks" not in url else in_review.current_task_state.started_at
    )
    row = _row_of(report(world, "somchai", url), "ข้อมูลการจัดซื้อจัดจ้าง")
    shown = dates.format_datetime(started, style="short")
    assert str(started.year + 543) in shown
    assert shown in row
    assert str(dates.to_bangkok(started).year) not in row
