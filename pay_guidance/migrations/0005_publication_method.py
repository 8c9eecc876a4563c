from django.conf import settings
from django.db import migrations, models


def record_method(apps, schema_editor):
    # Publications drafted before the method was recorded: the thresholds in force now (they had no other), and
    # part-year pay counted as paid, which is what their tables did.
    Publication = apps.get_model("pay_guidance", "Publication")
    method = {
        "min_people": settings.PAY_MIN_PEOPLE,
        "min_enterprises": settings.PAY_MIN_ENTERPRISES,
        "max_share_pct": settings.PAY_MAX_ENTERPRISE_SHARE_PCT,
        "min_complement_pct": settings.PAY_MIN_COMPLEMENT_PCT,
        "rse_mark_pct": settings.PAY_RSE_MARK_PCT,
        "part_year_rule": "as_paid",
    }
    Publication.objects.update(method=method)


class Migration(migrations.Migration):
    dependencies = [
        ("pay_guidance", "0004_publication_disclosure_control"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="method",
            field=models.JSONField(default=dict, editable=False, verbose_name="计算口径"),
        ),
        migrations.RunPython(record_method, migrations.RunPython.noop),
    ]
