"""Ledger kinds are county-wide configuration: their history, once logged under no unit, moves to the county
root so county administrators see it (as for indicators and report outlines)."""

from django.db import migrations


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditLog = apps.get_model("core", "AuditLog")
    OrgUnit = apps.get_model("core", "OrgUnit")
    root = OrgUnit.objects.filter(parent__isnull=True).order_by("code").values_list("code", flat=True).first()
    ct = ContentType.objects.filter(app_label="ledgers", model="ledgerkind").first()
    if root and ct:
        AuditLog.objects.filter(content_type=ct, org_code="").update(org_code=root)


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0001_initial"), ("core", "0001_initial"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
