from django.db import migrations, models


class Migration(migrations.Migration):
    """An item's note is shown to the public, so it needs Thai and English (the old note was Thai)."""

    dependencies = [
        ("ita", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="item", old_name="note", new_name="note_th"),
        migrations.AlterField(
            model_name="item",
            name="note_th",
            field=models.TextField(blank=True, verbose_name="note (Thai)"),
        ),
        migrations.AddField(
            model_name="item",
            name="note_en",
            field=models.TextField(blank=True, verbose_name="note (English)"),
        ),
    ]
