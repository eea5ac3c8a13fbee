"""Wagtail's install gives its default groups rights over the root page, so over every agency;
prongsai_setup takes them away."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
)

from prongsai.org.models import AgencyRoleGroup
from prongsai.org.services import wagtail_defaults_remove


def _wagtail_defaults() -> None:
    """What Wagtail's migrations make (a flushed test database may have lost it)."""
    from django.contrib.auth.models import Permission
    from wagtail.models import Collection, GroupApprovalTask

    from prongsai.core.demo import ensure_wagtail_roots

    root = ensure_wagtail_roots()
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for group, codes in ((moderators, ["add_page", "publish_page"]), (editors, ["add_page"])):
        for code in codes:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=Permission.objects.get(codename=code)
            )
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(codename="add_document"),
        )
    workflow, _ = Workflow.objects.get_or_create(name="Moderators approval")
    task, _ = GroupApprovalTask.objects.get_or_create(name="Moderators approval")
    task.groups.set([moderators])
    WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})


def test_default_groups_lose_every_right_and_the_agency_groups_keep_theirs(world):
    _wagtail_defaults()
    ours_before = GroupPagePermission.objects.filter(
        group_id__in=AgencyRoleGroup.objects.values("group_id")
    ).count()
    assert ours_before > 0
    removed = wagtail_defaults_remove()
    assert removed["groups"] == 2 and removed["page_permissions"] >= 3
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    root = Page.get_first_root_node()
    assert not GroupPagePermission.objects.filter(page=root).exists()
    assert not WorkflowPage.objects.filter(page=root).exists()
    assert not Workflow.objects.filter(active=True, name__contains="Moderators approval").exists()
    ours_after = GroupPagePermission.objects.filter(
        group_id__in=AgencyRoleGroup.objects.values("group_id")
    ).count()
    assert ours_after == ours_before
    # Safe to run again.
    assert not any(wagtail_defaults_remove().values())


def test_a_default_group_with_members_is_kept_without_rights(world):
    _wagtail_defaults()
    Group.objects.get(name="Moderators").user_set.add(world.users["somchai"])
    call_command("org_secure_defaults", verbosity=0)
    moderators = Group.objects.get(name="Moderators")
    assert not GroupPagePermission.objects.filter(group=moderators).exists()
    assert not GroupCollectionPermission.objects.filter(group=moderators).exists()
    assert not Group.objects.filter(name="Editors").exists()


def test_setup_runs_it():
    from prongsai.core.management.commands.prongsai_setup import SETUP_STEPS

    assert "org_secure_defaults" in [name for name, _args, _db in SETUP_STEPS]


THAI_NAME = "ผู้ตรวจทานอนุมัติ (Moderators approval)"


def test_setup_names_the_default_workflow_and_task_in_thai(world):
    _wagtail_defaults()
    call_command("org_secure_defaults", verbosity=0)
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert Workflow.objects.filter(name=THAI_NAME).exists()
    assert GroupApprovalTask.objects.filter(name=THAI_NAME).exists()
    # Safe to run again: nothing left to rename.
    call_command("org_secure_defaults", verbosity=0)
    assert wagtail_defaults_remove()["renamed"] == 0


def test_the_migration_names_them_in_thai_and_back(db):
    migration = importlib.import_module("prongsai.org.migrations.0003_default_workflow_in_thai")
    Workflow.objects.filter(name__contains="Moderators approval").delete()
    Task.objects.filter(name__contains="Moderators approval").delete()
    workflow = Workflow.objects.create(name="Moderators approval")
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    ours = Workflow.objects.create(name="อนุมัติการเผยแพร่ข้อมูล")

    def names() -> tuple[str, str, str]:
        return (
            Workflow.objects.get(pk=workflow.pk).name,
            Task.objects.get(pk=task.pk).name,
            Workflow.objects.get(pk=ours.pk).name,
        )

    migration.name_in_thai(apps, None)
    assert names() == (THAI_NAME, THAI_NAME, "อนุมัติการเผยแพร่ข้อมูล")
    migration.name_in_thai(apps, None)
    assert names() == (THAI_NAME, THAI_NAME, "อนุมัติการเผยแพร่ข้อมูล")
    migration.name_in_english(apps, None)
    assert names() == ("Moderators approval", "Moderators approval", "อนุมัติการเผยแพร่ข้อมูล")
