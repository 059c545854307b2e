from django.db import migrations

from dieuhanh.core.migration_ops import trigram_index


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [trigram_index("orgs_organization"), trigram_index("orgs_person")]
