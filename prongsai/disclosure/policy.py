"""Who may act on evidence at each step. The one place these rules live (STYLE.md choke points).

* Work-group staff and heads prepare and submit their own group's evidence; the agency's
  administrator may do so for any group (``prongsai.org.selectors.user_may_edit_for_work_group``).
* An executive of the agency approves or sends back; the PR unit publishes or sends back.
  A role is a membership in the evidence's agency: being a superuser grants neither.
* Nobody approves or publishes what they submitted themselves, nor a revision they wrote.
* An approval counts only for the exact revision approved; publication needs the latest revision
  to be the approved one.
* Unpublishing (with a reason) is for the PR unit, executives and the agency's administrator.
"""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision, TaskState, WorkflowState

from prongsai.org.models import Membership, Role
from prongsai.org.selectors import roles_of, user_may_edit_for_work_group

UNPUBLISH_ROLES = frozenset({Role.PR, Role.EXECUTIVE, Role.ADMIN})

REFUSAL_MESSAGES = {
    "inactive": _("Your account is not active."),
    "role": _("Only the agency's %(role)s may do this step."),
    "own_submission": _("You submitted this evidence yourself, so someone else must do this step."),
    "own_revision": _("You wrote this version yourself, so someone else must do this step."),
    "not_in_step": _("The evidence is not waiting for this step."),
}


def evidence_of(obj: Any) -> Any:  # noqa: ANN401
    """The specific EvidencePage of a page or revision object, or None."""
    from prongsai.disclosure.models import EvidencePage

    page = obj.specific if hasattr(obj, "specific") and not isinstance(obj, EvidencePage) else obj
    return page if isinstance(page, EvidencePage) else None


def agency_id_of(page: Any) -> int:
    return page.work_group.agency_id


def review_refusal(
    obj: Any, user: Any, role: Role, task_state: TaskState | None = None
) -> str | None:
    """Why ``user`` may not act for ``role`` on ``obj`` now (a key of REFUSAL_MESSAGES), or None.

    ``task_state`` is the task state under review (default: the object's current one).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return "inactive"
    page = evidence_of(obj)
    if page is None:
        return "not_in_step"
    if role not in roles_of(user, agency_id_of(page)):
        return "role"
    workflow_state = task_state.workflow_state if task_state is not None else None
    if workflow_state is None:
        workflow_state = page.current_workflow_state
    if workflow_state is not None and workflow_state.requested_by_id == user.pk:
        return "own_submission"
    revision = task_state.revision if task_state is not None else page.get_latest_revision()
    if revision is not None and revision.user_id == user.pk:
        return "own_revision"
    return None


def refusal_message(code: str, role: Role | None = None) -> str:
    message = REFUSAL_MESSAGES[code]
    if code == "role" and role is not None:
        return str(message) % {"role": role.label}
    return str(message)


def may_prepare(user: Any, page: Any) -> bool:
    """May ``user`` edit, submit or withdraw this evidence (its work group's members, admin)?"""
    return user_may_edit_for_work_group(user, page.work_group)


def may_unpublish(user: Any, page: Any) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(roles_of(user, agency_id_of(page)) & UNPUBLISH_ROLES)


def latest_revision_id(page: Any) -> int | None:
    return (
        Revision.objects.filter(
            base_content_type_id=page.get_base_content_type().pk, object_id=str(page.pk)
        )
        .order_by("-created_at", "-id")
        .values_list("id", flat=True)
        .first()
    )


def approval_task_of(workflow: Any) -> Any:  # noqa: ANN401
    """The executive-approval task of a workflow (the first one), or None."""
    from prongsai.disclosure.models import ExecutiveApprovalTask

    return (
        ExecutiveApprovalTask.objects.filter(workflow_tasks__workflow=workflow, active=True)
        .order_by("workflow_tasks__sort_order")
        .first()
    )


def approval_for(workflow_state: WorkflowState, revision_id: int | None) -> TaskState | None:
    """The executive approval given in this workflow to exactly this revision, if any."""
    from prongsai.disclosure.models import ExecutiveApprovalTask

    if revision_id is None:
        return None
    return (
        TaskState.objects.filter(
            workflow_state=workflow_state,
            status=TaskState.STATUS_APPROVED,
            revision_id=revision_id,
            task__content_type__model=ExecutiveApprovalTask._meta.model_name,
            task__content_type__app_label=ExecutiveApprovalTask._meta.app_label,
        )
        .order_by("-finished_at", "-id")
        .first()
    )


def approved_revision_matches(workflow_state: WorkflowState) -> bool:
    page = workflow_state.content_object
    return approval_for(workflow_state, latest_revision_id(page)) is not None


def _agencies_with_role(user: Any, role: Role) -> list[int]:
    if not user.is_authenticated or not user.is_active:
        return []
    return list(Membership.objects.filter(user=user, role=role).values_list("agency_id", flat=True))


def evidence_ids_in_agencies(agency_ids: list[int]) -> QuerySet:
    """Evidence page ids (as text, like WorkflowState.object_id) of these agencies."""
    from prongsai.disclosure.models import EvidencePage

    return (
        EvidencePage.objects.filter(work_group__agency_id__in=agency_ids)
        .annotate(pk_text=Cast("pk", output_field=CharField()))
        .values("pk_text")
    )


def task_states_for_reviewer(task: Any, user: Any) -> QuerySet[TaskState]:
    """In-progress states of ``task`` that ``user`` may act on (for Wagtail's review panel)."""
    agency_ids = _agencies_with_role(user, task.role)
    if not agency_ids:
        return TaskState.objects.none()
    return (
        TaskState.objects.filter(task=task, status=TaskState.STATUS_IN_PROGRESS)
        .filter(workflow_state__object_id__in=evidence_ids_in_agencies(agency_ids))
        .exclude(workflow_state__requested_by=user)
        .exclude(revision__user=user)
    )
