from django.db import migrations


def fill(apps, schema_editor):
    # Entries written before the aggregates existed: count them once (the current code, not historical models:
    # the aggregates are derived data and rebuilt the same way by `zhenwu rebuild-aggregates`).
    from zhenwu.scale.actions import rebuild_aggregates

    if apps.get_model("ledgers", "LedgerEntry").objects.exists():
        rebuild_aggregates()


class Migration(migrations.Migration):
    dependencies = [("scale", "0001_initial"), ("ledgers", "0005_list_order_indexes")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
