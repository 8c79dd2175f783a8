# Hashes name the key that made them ("k1:<hex>", 67 characters): keys can rotate. Rows written
# before keep their bare 64-character digest; nforce.audit.identifier_hashes() still matches them.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('nforce', '0006_rollups_move_to_dashboard'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditevent',
            name='subject_hash',
            field=models.CharField(blank=True, max_length=80, verbose_name='subject (keyed hash)'),
        ),
    ]
