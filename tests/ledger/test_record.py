"""ledger.record(): sealing, the transaction rule, bad input, actors and checkpoints."""

from __future__ import annotations

import hashlib

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from prongsai import ledger
from prongsai.ledger import checkpoint, merkle, selectors, services
from prongsai.ledger.models import (
    AppendOnlyError,
    LedgerCheckpoint,
    LedgerEntry,
    LedgerFileRef,
    LedgerHead,
)
from prongsai.org.models import Role

pytestmark = pytest.mark.django_db

SHA = hashlib.sha256(b"report.pdf").hexdigest()


@pytest.mark.django_db(transaction=True)
def test_record_must_run_inside_the_callers_transaction():
    with pytest.raises(ledger.LedgerError) as excinfo:
        ledger.record(action="test.change", actor=None)
    assert "transaction.atomic" in str(excinfo.value)
    assert not LedgerEntry.objects.exists()


def test_an_unregistered_action_is_refused(record):
    with pytest.raises(ledger.UnknownActionError) as excinfo:
        record(action="test.aprove")
    assert "register_action" in str(excinfo.value)
    assert not LedgerEntry.objects.exists()


def test_entries_are_sealed_in_a_gapless_chain(record):
    entries = [record(data={"n": i}) for i in range(5)]
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev == "0" * 64
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev == before.chain
    for entry in entries:
        stored = LedgerEntry.objects.get(seq=entry.seq)
        assert stored.entry_hash == merkle.leaf_hash(stored.leaf_text().encode()).hex()
        expected_chain = hashlib.sha256(
            bytes.fromhex(stored.prev) + bytes.fromhex(stored.entry_hash)
        )
        assert stored.chain == expected_chain.hexdigest()
    head = LedgerHead.objects.get(pk=1)
    assert (head.size, head.chain) == (5, entries[-1].chain)
    tree = merkle.MemoryTree(bytes.fromhex(e.entry_hash) for e in entries)
    assert LedgerEntry.objects.get(seq=4).node_hashes() == [
        tree.get_perfect(1, 1),
        tree.get_perfect(2, 0),
    ]


def test_a_rolled_back_change_leaves_no_entry_and_no_gap(record):
    record()
    with pytest.raises(RuntimeError), transaction.atomic():
        ledger.record(action="test.change", actor=None)
        raise RuntimeError("the business change failed")
    assert LedgerHead.objects.get(pk=1).size == 1
    assert record().seq == 2


def test_the_leaf_holds_every_column(record):
    entry = record(
        action="test.publish",
        actor=ledger.Actor(id="u:7", role="pr", unit="งานประชาสัมพันธ์"),
        obj=ledger.ObjectRef("disclosure.item", "42"),
        agency=3,
        content_hash=SHA,
        data={"item": "O1", "year": 2567},
    )
    assert entry.leaf_fields() == {
        "v": 1,
        "seq": 1,
        "ts": entry.leaf_fields()["ts"],
        "actor": "u:7",
        "role": "pr",
        "unit": "งานประชาสัมพันธ์",
        "action": "test.publish",
        "otype": "disclosure.item",
        "oid": "42",
        "agency": 3,
        "chash": SHA,
        "conf": False,
        "data": {"item": "O1", "year": 2567},
        "prev": "0" * 64,
    }
    assert entry.leaf_fields()["ts"].endswith("Z")


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"data": {"ratio": 0.5}}, "float"),
        ({"data": {"files": [{"sha256": "xyz"}]}}, "sha256"),
        ({"data": {"files": [{"sha256": SHA, "size": -1}]}}, "size"),
        ({"data": {"files": "a.pdf"}}, "files"),
        ({"content_hash": SHA.upper()}, "content_hash"),
        ({"data": {"note": "a\x00b"}}, "NUL"),
        ({"obj": "not a model"}, "obj"),
        ({"actor": "somchai"}, "actor"),
    ],
)
def test_bad_input_is_refused_in_thai_and_english_and_nothing_is_written(record, kwargs, needle):
    with pytest.raises(ledger.LedgerError) as excinfo:
        record(**kwargs)
    message = str(excinfo.value)
    assert needle in message
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in message)
    assert not LedgerEntry.objects.exists()
    assert LedgerHead.objects.get(pk=1).size == 0


def test_files_of_a_publication_are_indexed_by_sha256(record):
    entry = record(
        action="test.publish",
        agency=1,
        data={"files": [{"sha256": SHA, "name": "report.pdf", "size": 10}, {"sha256": SHA}]},
    )
    assert list(LedgerFileRef.objects.values_list("sha256", "seq", "agency_id")) == [
        (SHA, entry.seq, 1)
    ]


def test_users_are_written_by_id_with_role_and_work_group(world, record):
    somchai = world.users["somchai"]
    entry = record(actor=somchai, agency=world.agency)
    assert (entry.actor, entry.role, entry.unit) == (f"u:{somchai.pk}", "staff", "กลุ่มงาน finance")
    deputy = world.users["deputy"]
    entry = record(actor=deputy, agency=world.agency, actor_role="executive")
    assert (entry.role, entry.unit) == ("executive", "")
    assert str(entry.role_label) == str(Role.EXECUTIVE.label)


def test_confidential_entries_carry_a_pseudonym_and_no_work_group(world, record):
    somchai = world.users["somchai"]
    first = record(actor=somchai, agency=world.agency, confidential=True, action="test.secret")
    second = record(actor=somchai, agency=world.agency, confidential=True, action="test.secret")
    assert first.actor.startswith("p:")
    assert first.actor == second.actor == ledger.pseudonym(somchai.pk)
    assert len(first.actor) == 26
    assert ledger.pseudonym(world.users["malee"].pk) != first.actor
    assert first.unit == ""
    assert first.role == "staff"


def test_rows_cannot_be_changed_through_the_models(record):
    entry = record()
    entry.action = "test.publish"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(seq=1).update(action="test.publish")
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.all().delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_ledgerentry SET action = 'test.publish' WHERE seq = 1",
        "DELETE FROM ledger_ledgerentry WHERE seq = 1",
        "UPDATE ledger_ledgercheckpoint SET root = 'x'",
        "DELETE FROM ledger_ledgercheckpoint",
        "UPDATE ledger_ledgerfileref SET sha256 = 'x'",
        "DELETE FROM ledger_ledgerfileref",
    ],
)
def test_the_database_refuses_updates_and_deletes(record, signer, sql):
    record(action="test.publish", data={"files": [{"sha256": SHA}]})
    services.checkpoint_create(force=True)
    with (
        pytest.raises((DatabaseError, IntegrityError)) as excinfo,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert "append-only" in str(excinfo.value)
    assert LedgerEntry.objects.get(seq=1).action == "test.publish"
    assert LedgerCheckpoint.objects.count() == 1


def test_a_checkpoint_is_signed_every_n_entries(settings, signer, record):
    settings.LEDGER_CHECKPOINT_EVERY = 4
    entries = [record(data={"n": i}) for i in range(9)]
    sizes = list(LedgerCheckpoint.objects.values_list("size", flat=True))
    assert sizes == [4, 8]
    tree = merkle.MemoryTree(bytes.fromhex(e.entry_hash) for e in entries)
    for cp in LedgerCheckpoint.objects.all():
        opened = checkpoint.open_checkpoint(cp.note, signer.verifier)
        assert (opened.origin, opened.size) == (signer.name, cp.size)
        assert opened.root == tree.root(cp.size)
        assert cp.key_id == signer.verifier.key_id.hex()


def test_a_checkpoint_is_signed_after_m_minutes(settings, signer, record):
    settings.LEDGER_CHECKPOINT_EVERY = 1000
    settings.LEDGER_CHECKPOINT_MINUTES = 0
    record()
    assert services.checkpoint_create() is not None  # the first one is always due
    record()  # 0 minutes have passed since: due again, signed inline
    assert list(LedgerCheckpoint.objects.values_list("size", flat=True)) == [1, 2]


def test_checkpoint_create_signs_only_when_due_or_forced(settings, signer, record):
    settings.LEDGER_CHECKPOINT_EVERY = 1000
    assert services.checkpoint_create(force=True) is None  # empty ledger: nothing to sign
    record()
    first = services.checkpoint_create()
    assert first is not None and first.size == 1
    record()
    assert services.checkpoint_create() is None  # 1 new entry, minutes not passed
    assert services.checkpoint_create(force=True).size == 2
    assert services.checkpoint_create(force=True) is None  # no growth


def test_without_a_key_entries_are_still_recorded(settings, record, tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(services, "_warned_no_key", False)
    settings.LEDGER_SIGNING_KEY = ""
    settings.LEDGER_SIGNING_KEY_FILE = str(tmp_path / "none.key")
    settings.LEDGER_CHECKPOINT_EVERY = 1
    record()
    assert LedgerEntry.objects.count() == 1
    record()
    assert LedgerEntry.objects.count() == 2
    assert not LedgerCheckpoint.objects.exists()
    assert caplog.text.count("no signing key") == 1  # warned once, not on every entry


def test_proofs_from_the_database_match_an_in_memory_tree(record):
    entries = [record(data={"n": i}) for i in range(13)]
    tree = merkle.MemoryTree(bytes.fromhex(e.entry_hash) for e in entries)
    for size in (1, 5, 8, 13):
        for seq in range(1, size + 1):
            assert selectors.inclusion_proof(seq, size) == tree.inclusion_proof(seq - 1, size)
        for old in range(1, size + 1):
            assert selectors.consistency_proof(old, size) == tree.consistency_proof(old, size)


def test_a_flushed_database_starts_a_new_ledger(record):
    record()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerhead")
    with pytest.raises(ledger.LedgerError) as excinfo:
        record()
    assert "ledger_verify" in str(excinfo.value)


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_ledger_and_it_restarts():
    # Django's flush (test teardown, `manage.py flush`) is the one way the guards let rows go.
    from django.core.management import call_command

    with transaction.atomic():
        ledger.record(action="test.change", actor=None)
        ledger.record(action="test.change", actor=None)
    call_command("flush", interactive=False, verbosity=0)
    assert not LedgerEntry.objects.exists()
    with transaction.atomic():
        assert ledger.record(action="test.change", actor=None).seq == 1
