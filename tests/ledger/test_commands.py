"""manage.py ledger_verify / ledger_checkpoint / ledger_keygen / ledger_export / ledger_guards,
with each kind of tampering done in the database and found at the exact entry."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from prongsai.ledger import checkpoint, db, services
from prongsai.ledger.models import LedgerCheckpoint
from prongsai.ledger.verify import main as standalone_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger_of_30(settings, signer, record):
    """30 entries with checkpoints at 10, 20 and 30."""
    settings.LEDGER_CHECKPOINT_EVERY = 10
    for i in range(30):
        record(data={"n": i, "note": f"รายการ {i}"}, agency=1)
    assert list(LedgerCheckpoint.objects.values_list("size", flat=True)) == [10, 20, 30]


def verify() -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("ledger_verify", stdout=out)
    except CommandError as exc:
        assert exc.returncode == 1
        return False, str(exc)
    return True, out.getvalue()


def test_an_untouched_ledger_verifies(ledger_of_30):
    ok, message = verify()
    assert ok, message
    assert "30 entries, 3 signed checkpoints checked" in message


def test_edited_entry(ledger_of_30, tamper):
    tamper("UPDATE ledger_ledgerentry SET role = 'executive' WHERE seq = 17")
    ok, message = verify()
    assert not ok
    assert "entry 17: edited" in message and "รายการที่ 17: ถูกแก้ไข" in message


def test_edited_data(ledger_of_30, tamper):
    tamper("UPDATE ledger_ledgerentry SET data = %s WHERE seq = 5", [json.dumps({"n": 99})])
    assert "entry 5: edited" in verify()[1]


def test_deleted_entry(ledger_of_30, tamper):
    tamper("DELETE FROM ledger_ledgerentry WHERE seq = 12")
    assert "entry 12: deleted" in verify()[1]


def test_reordered_entries(ledger_of_30, tamper):
    tamper("UPDATE ledger_ledgerentry SET seq = -1 WHERE seq = 21")
    tamper("UPDATE ledger_ledgerentry SET seq = 21 WHERE seq = 22")
    tamper("UPDATE ledger_ledgerentry SET seq = 22 WHERE seq = -1")
    assert "entry 21: reordered" in verify()[1]


def test_truncated_tail(ledger_of_30, tamper):
    tamper("DELETE FROM ledger_ledgerentry WHERE seq > 25")
    tamper("UPDATE ledger_ledgerhead SET size = 25")
    message = verify()[1]
    assert "entry 26: truncated" in message


def test_truncated_tail_found_by_the_head_even_before_a_checkpoint(
    settings, signer, record, tamper
):
    settings.LEDGER_CHECKPOINT_EVERY = 1000
    for _ in range(6):
        record()
    tamper("DELETE FROM ledger_ledgerentry WHERE seq > 4")
    assert "entry 5: truncated" in verify()[1]


def test_bad_signature(ledger_of_30, tamper):
    forger = checkpoint.Signer.generate(checkpoint.parse_skey(_current_key()).name)
    note = LedgerCheckpoint.objects.get(size=20).note
    text, _ = checkpoint.split_note(note)
    tamper(
        "UPDATE ledger_ledgercheckpoint SET note = %s WHERE size = 20",
        [checkpoint.sign_note(text, forger)],
    )
    message = verify()[1]
    assert "checkpoint at size 20: bad signature" in message


def _current_key() -> str:
    from django.conf import settings

    return settings.LEDGER_SIGNING_KEY


def test_rewritten_history_is_found_between_checkpoints(ledger_of_30, tamper):
    # A forger who recomputes every hash after entry 15 still cannot re-sign the checkpoint.
    from prongsai.ledger import builder, selectors

    rows = list(selectors.iter_rows())
    rows[14]["data"] = {"n": 14, "note": "เปลี่ยนแปลง"}
    appender = builder.Appender()
    for row in rows:
        fields = {k: row[k] for k in row if k not in {"v", "seq", "prev", "hash", "chain", "nodes"}}
        sealed = appender.seal(fields)
        if sealed["seq"] >= 15:
            tamper(
                "UPDATE ledger_ledgerentry SET data = %s, prev = %s, entry_hash = %s, chain = %s, "
                "nodes = %s WHERE seq = %s",
                [
                    json.dumps(sealed["data"]),
                    sealed["prev"],
                    sealed["hash"],
                    sealed["chain"],
                    ",".join(sealed["nodes"]),
                    sealed["seq"],
                ],
            )
    tamper(
        "UPDATE ledger_ledgerhead SET chain = %s, frontier = %s",
        [appender.chain.hex(), builder.frontier_dump(appender.frontier)],
    )
    message = verify()[1]
    assert "entry 11: edited" in message and "20" in message


def test_missing_guards_fail_verification_and_can_be_reinstalled(ledger_of_30):
    with connection.cursor() as cursor:
        for statement in db.remove_sql(connection.vendor):
            cursor.execute(statement)
    ok, message = verify()
    assert not ok and "ledger_guards" in message
    out = StringIO()
    call_command("ledger_guards", stdout=out)
    assert "Reinstalled" in out.getvalue()
    assert verify()[0]


def test_ledger_checkpoint_command(settings, signer, record):
    settings.LEDGER_CHECKPOINT_EVERY = 1000
    record()
    out = StringIO()
    call_command("ledger_checkpoint", stdout=out)
    assert "Signed checkpoint: size 1" in out.getvalue()
    out = StringIO()
    call_command("ledger_checkpoint", stdout=out)
    assert out.getvalue() == ""


def test_ledger_checkpoint_without_a_key_explains_how_to_make_one(settings, record, tmp_path):
    settings.LEDGER_SIGNING_KEY = ""
    settings.LEDGER_SIGNING_KEY_FILE = str(tmp_path / "absent.key")
    record()
    with pytest.raises(CommandError) as excinfo:
        call_command("ledger_checkpoint")
    assert "ledger_keygen" in str(excinfo.value)


def test_ledger_keygen_writes_a_private_file_once(settings, tmp_path):
    settings.LEDGER_SIGNING_KEY = ""
    path = tmp_path / "keys" / "ledger.key"
    settings.LEDGER_SIGNING_KEY_FILE = str(path)
    settings.LEDGER_ORIGIN = "roiet.example.go.th/ledger"
    out = StringIO()
    call_command("ledger_keygen", stdout=out)
    signer = checkpoint.parse_skey(path.read_text())
    assert signer.name == "roiet.example.go.th/ledger"
    assert path.stat().st_mode & 0o777 == 0o600
    assert signer.verifier.vkey() in out.getvalue()
    call_command("ledger_keygen", "--if-missing", stdout=StringIO())
    assert checkpoint.parse_skey(path.read_text()).skey() == signer.skey()
    with pytest.raises(CommandError):
        call_command("ledger_keygen")


def test_export_verifies_with_the_standalone_verifier(ledger_of_30, tmp_path, capsys):
    services.checkpoint_create(force=True)
    call_command("ledger_export", str(tmp_path), stdout=StringIO())
    assert len((tmp_path / "ledger.jsonl").read_text().splitlines()) == 30
    args = [
        "export",
        str(tmp_path / "ledger.jsonl"),
        "--key",
        str(tmp_path / "ledger.vkey"),
        "--checkpoints",
        str(tmp_path / "checkpoints.json"),
    ]
    assert standalone_verify(args) == 0
    assert "30 entries, 3 signed checkpoints" in capsys.readouterr().out


def test_whole_second_timestamps_verify(settings, signer, record, monkeypatch):
    # SQLite stores a time with no microseconds without the fraction; the leaf always has six.
    from datetime import UTC, datetime

    from prongsai.ledger import services as ledger_services

    monkeypatch.setattr(ledger_services.timezone, "now", lambda: datetime(2024, 1, 1, tzinfo=UTC))
    entry = record()
    assert entry.leaf_fields()["ts"] == "2024-01-01T00:00:00.000000Z"
    assert verify()[0]
