"""The public Q&A board (ITA: the Q&A channel): ask, answer in public, reject with a reason."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from prongsai.ledger.models import LedgerEntry
from prongsai.site import services
from prongsai.site.models import Question, QuestionStatus


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def ask(client: Client, text: str = "ขอทราบขั้นตอนการขอรับบริการศูนย์ดำรงธรรมครับ", **extra):
    return client.post("/questions/", {"text": text, "display_name": "", "website": "", **extra})


def test_a_question_is_stored_but_not_public_until_answered(world):
    client = Client()
    response = ask(client)
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.agency == world.agency and question.status == QuestionStatus.NEW
    assert "ขอทราบขั้นตอน" not in client.get("/questions/").content.decode()


def test_answering_publishes_and_is_recorded(world):
    question = services.question_ask(agency=world.agency, text="ช่องทางร้องเรียนมีอะไรบ้าง")
    staff = Client()
    staff.force_login(world.users["nok"])
    response = staff.post(
        f"/admin/questions/{question.pk}/", {"answer": "ร้องเรียนได้ทางเว็บไซต์", "reason": ""}
    )
    assert response.status_code == 302
    html = Client().get("/questions/").content.decode()
    assert "ช่องทางร้องเรียนมีอะไรบ้าง" in html and "ร้องเรียนได้ทางเว็บไซต์" in html
    entry = LedgerEntry.objects.get(action="site.question_answer")
    assert entry.object_id == str(question.pk)


def test_rejecting_needs_a_reason_and_keeps_it_off_the_board(world):
    question = services.question_ask(agency=world.agency, text="ข้อความโฆษณาขายของ " * 3)
    staff = Client()
    staff.force_login(world.users["admin"])
    no_reason = staff.post(
        f"/admin/questions/{question.pk}/", {"answer": "", "reason": "", "reject": "1"}
    )
    assert no_reason.status_code == 200
    question.refresh_from_db()
    assert question.status == QuestionStatus.NEW
    staff.post(f"/admin/questions/{question.pk}/", {"answer": "", "reason": "โฆษณา", "reject": "1"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.REJECTED
    assert "โฆษณาขายของ" not in Client().get("/questions/").content.decode()
    assert LedgerEntry.objects.filter(action="site.question_reject").count() == 1


@pytest.mark.parametrize("username", ["somchai", "pranee", "outsider", "otheradmin"])
def test_only_pr_admin_and_executives_of_the_agency_answer(world, username):
    question = services.question_ask(agency=world.agency, text="คำถามทดสอบสิทธิ์การตอบ")
    client = Client()
    client.force_login(world.users[username])
    assert client.get(f"/admin/questions/{question.pk}/").status_code == 404
    client.post(f"/admin/questions/{question.pk}/", {"answer": "ตอบโดยไม่มีสิทธิ์", "reason": ""})
    question.refresh_from_db()
    assert question.status == QuestionStatus.NEW
    queue = client.get("/admin/questions/")
    if username == "otheradmin":  # answers its own agency's questions, never ours
        assert queue.status_code == 200
        assert "คำถามทดสอบสิทธิ์การตอบ" not in queue.content.decode()
    else:
        assert queue.status_code in (302, 403)


def test_bad_input_gets_a_thai_message_and_loses_nothing(world):
    response = ask(Client(), text="สั้น")
    assert response.status_code == 400
    html = response.content.decode()
    assert "สั้น" in html  # what was typed is still in the form
    assert Question.objects.count() == 0


def test_a_flood_from_one_source_is_limited_without_blocking_others(world):
    flood = Client(REMOTE_ADDR="10.9.9.9")
    for i in range(5):
        assert ask(flood, text=f"คำถามที่ {i} เกี่ยวกับการให้บริการ").status_code == 302
    blocked = ask(flood, text="คำถามที่ 6 เกี่ยวกับการให้บริการ")
    assert blocked.status_code == 429
    assert ask(Client(REMOTE_ADDR="10.9.9.10")).status_code == 302
    assert Question.objects.count() == 6


def test_a_filled_hidden_field_is_quietly_dropped(world):
    assert ask(Client(), website="http://spam.example").status_code == 302
    assert Question.objects.count() == 0
