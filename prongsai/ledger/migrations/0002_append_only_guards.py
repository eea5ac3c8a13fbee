"""Triggers that refuse UPDATE and DELETE of ledger rows (see prongsai/ledger/db.py for why and
how), and the head row. The SQL is written out here so this migration never changes."""


from __future__ import annotations


from django.db import migrations


SQLITE_INSTALL = [
    'CREATE TRIGGER IF NOT EXISTS "ledger_ledgerentry_no_update" BEFORE UPDATE ON "ledger_ledgerentry" BEGIN SELECT RAISE(ABORT, \'บัญชีแก้ไขหรือลบไม่ได้ / ledger rows are append-only\'); END',
    'CREATE TRIGGER IF NOT EXISTS "ledger_ledgerentry_no_delete" BEFORE DELETE ON "ledger_ledgerentry" WHEN NOT prongsai_ledger_flushing() BEGIN SELECT RAISE(ABORT, \'บัญชีแก้ไขหรือลบไม่ได้ / ledger rows are append-only\'); END',
    'CREATE TRIGGER IF NOT EXISTS "ledger_ledgercheckpoint_no_update" BEFORE UPDATE ON "ledger_ledgercheckpoint" BEGIN SELECT RAISE(ABORT, \'บัญชีแก้ไขหรือลบไม่ได้ / ledger rows are append-only\'); END',
    'CREATE TRIGGER IF NOT EXISTS "ledger_ledgercheckpoint_no_delete" BEFORE DELETE ON "ledger_ledgercheckpoint" WHEN NOT prongsai_ledger_flushing() BEGIN SELECT RAISE(ABORT, \'บัญชีแก้ไขหรือลบไม่ได้ / ledger rows are append-only\'); END',
    'CREATE TRIGGER IF NOT EXISTS "ledger_ledgerfileref_no_update" BEFORE UPDATE ON "ledger_ledgerfileref" BEGIN SELECT RAISE(ABORT, \'บัญชีแก้ไขหรือลบไม่ได้ / ledger rows are append-only\'); END',
    'CREATE TRIGGER IF NOT EXISTS "ledger_ledgerfileref_no_delete" BEFORE DELETE ON "ledger_ledgerfileref" WHEN NOT prongsai_ledger_flushing() BEGIN SELECT RAISE(ABORT, \'บัญชีแก้ไขหรือลบไม่ได้ / ledger rows are append-only\'); END',
]

SQLITE_REMOVE = [
    'DROP TRIGGER IF EXISTS "ledger_ledgerentry_no_update"',
    'DROP TRIGGER IF EXISTS "ledger_ledgerentry_no_delete"',
    'DROP TRIGGER IF EXISTS "ledger_ledgercheckpoint_no_update"',
    'DROP TRIGGER IF EXISTS "ledger_ledgercheckpoint_no_delete"',
    'DROP TRIGGER IF EXISTS "ledger_ledgerfileref_no_update"',
    'DROP TRIGGER IF EXISTS "ledger_ledgerfileref_no_delete"',
]

POSTGRESQL_INSTALL = [
    "CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'บัญชีแก้ไขหรือลบไม่ได้ / ledger rows are append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$",
    'DROP TRIGGER IF EXISTS "ledger_ledgerentry_append_only" ON "ledger_ledgerentry"',
    'CREATE TRIGGER "ledger_ledgerentry_append_only" BEFORE UPDATE OR DELETE ON "ledger_ledgerentry" FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()',
    'DROP TRIGGER IF EXISTS "ledger_ledgercheckpoint_append_only" ON "ledger_ledgercheckpoint"',
    'CREATE TRIGGER "ledger_ledgercheckpoint_append_only" BEFORE UPDATE OR DELETE ON "ledger_ledgercheckpoint" FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()',
    'DROP TRIGGER IF EXISTS "ledger_ledgerfileref_append_only" ON "ledger_ledgerfileref"',
    'CREATE TRIGGER "ledger_ledgerfileref_append_only" BEFORE UPDATE OR DELETE ON "ledger_ledgerfileref" FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()',
]

POSTGRESQL_REMOVE = [
    'DROP TRIGGER IF EXISTS "ledger_ledgerentry_append_only" ON "ledger_ledgerentry"',
    'DROP TRIGGER IF EXISTS "ledger_ledgercheckpoint_append_only" ON "ledger_ledgercheckpoint"',
    'DROP TRIGGER IF EXISTS "ledger_ledgerfileref_append_only" ON "ledger_ledgerfileref"',
    'DROP FUNCTION IF EXISTS ledger_refuse_change()',
]


INSTALL = {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRESQL_INSTALL}
REMOVE = {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRESQL_REMOVE}


def install_guards(apps, schema_editor):
    for statement in INSTALL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def remove_guards(apps, schema_editor):
    for statement in REMOVE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def create_head(apps, schema_editor):
    LedgerHead = apps.get_model("ledger", "LedgerHead")
    LedgerHead.objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunPython(install_guards, remove_guards, elidable=False),
        migrations.RunPython(create_head, migrations.RunPython.noop, elidable=False),
    ]
