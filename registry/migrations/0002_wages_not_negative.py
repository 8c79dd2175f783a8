from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        # NULL months (nothing paid) pass; a single negative wage fails the row.
        migrations.RunSQL(
            "ALTER TABLE registry_contributionyear ADD CONSTRAINT contribution_wages_not_negative "
            "CHECK (0 <= ALL(wages_sen)), ADD CONSTRAINT contribution_twelve_months "
            "CHECK (array_length(wages_sen, 1) = 12)",
            "ALTER TABLE registry_contributionyear DROP CONSTRAINT contribution_wages_not_negative, "
            "DROP CONSTRAINT contribution_twelve_months",
        ),
    ]
