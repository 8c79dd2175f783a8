# The dashboard rollups moved to their own app (dashboard/). State only: their tables, with their
# constraints, indexes and rows, stay where they are; dashboard 0001 takes them over (db_table).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('nforce', '0005_area_day_rollup'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ActivityRollup'),
                migrations.DeleteModel(name='AreaDayRollup'),
                migrations.DeleteModel(name='BacklogRollup'),
                migrations.DeleteModel(name='RegistrationDelayRollup'),
            ],
            database_operations=[],
        ),
    ]
