"""Name Wagtail's default workflow and task in Thai.

Wagtail's migration wagtailcore 0048 makes a workflow and a group approval task called
"Moderators approval"; staff read them in the admin's workflow lists and reports. The names are
written here as they were when this migration was made (not imported from the services), and
`org_secure_defaults` does the same for a database that gets the defaults later.
"""

from django.db import migrations

ENGLISH = "Moderators approval"
THAI = "ผู้ตรวจทานอนุมัติ (Moderators approval)"


def _rename(apps, old: str, new: str) -> None:
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


def name_in_thai(apps, schema_editor) -> None:
    _rename(apps, ENGLISH, THAI)


def name_in_english(apps, schema_editor) -> None:
    _rename(apps, THAI, ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_field_labels_in_thai"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(name_in_thai, name_in_english)]
