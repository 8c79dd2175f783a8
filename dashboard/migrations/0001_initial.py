# The rollups that nforce 0004 and 0005 created, taken over by this app. State only: the tables
# keep their names (db_table), constraints, indexes and rows. On a database that had them under
# nforce, their content types follow them (so the permissions that point at them stay valid).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ('activityrollup', 'areadayrollup', 'backlogrollup', 'registrationdelayrollup')


def move_content_types(apps, schema_editor, *, source='nforce', target='dashboard'):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source='dashboard', target='nforce')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('nforce', '0006_rollups_move_to_dashboard'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ActivityRollup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('checks', models.PositiveIntegerField(default=0)),
                        ('premises_visited', models.PositiveIntegerField(default=0)),
                        ('unregistered_found', models.PositiveIntegerField(default=0)),
                        ('registrations_won', models.PositiveIntegerField(default=0)),
                        ('workers_covered', models.PositiveIntegerField(default=0)),
                        ('area', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='nforce.area')),
                        ('officer', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'nforce_activityrollup',
                        'indexes': [models.Index(fields=['area', 'day'], name='activity_rollup_area_day')],
                        'constraints': [models.UniqueConstraint(fields=('day', 'area', 'officer'), name='activity_rollup_cell', nulls_distinct=False)],
                    },
                ),
                migrations.CreateModel(
                    name='AreaDayRollup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('checks', models.PositiveIntegerField(default=0)),
                        ('premises_visited', models.PositiveIntegerField(default=0)),
                        ('unregistered_found', models.PositiveIntegerField(default=0)),
                        ('registrations_won', models.PositiveIntegerField(default=0)),
                        ('workers_covered', models.PositiveIntegerField(default=0)),
                        ('open_change', models.IntegerField(default=0)),
                        ('overdue_change', models.IntegerField(default=0)),
                        ('area', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='nforce.area')),
                    ],
                    options={
                        'db_table': 'nforce_areadayrollup',
                        'indexes': [models.Index(fields=['area', 'day'], name='area_day_rollup_area_day')],
                        'constraints': [models.UniqueConstraint(fields=('day', 'area'), name='area_day_rollup_cell', nulls_distinct=False)],
                    },
                ),
                migrations.CreateModel(
                    name='BacklogRollup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('open_change', models.IntegerField(default=0)),
                        ('overdue_change', models.IntegerField(default=0)),
                        ('area', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='nforce.area')),
                        ('officer', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'nforce_backlogrollup',
                        'indexes': [models.Index(fields=['area', 'day'], name='backlog_rollup_area_day')],
                        'constraints': [models.UniqueConstraint(fields=('day', 'area', 'officer'), name='backlog_rollup_cell', nulls_distinct=False)],
                    },
                ),
                migrations.CreateModel(
                    name='RegistrationDelayRollup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('delay_days', models.PositiveIntegerField()),
                        ('registrations', models.PositiveIntegerField(default=0)),
                        ('area', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='nforce.area')),
                        ('officer', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'nforce_registrationdelayrollup',
                        'indexes': [models.Index(fields=['area', 'day'], name='delay_rollup_area_day')],
                        'constraints': [models.UniqueConstraint(fields=('day', 'area', 'officer', 'delay_days'), name='delay_rollup_cell', nulls_distinct=False)],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=True),
    ]
