from django.db import migrations

from dieuhanh.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [trigram_index("geo_administrativeunit")]
