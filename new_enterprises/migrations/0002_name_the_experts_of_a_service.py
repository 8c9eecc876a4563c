# The experts of a service were an automatic many-to-many table; naming its model (ServiceExpert) changes no
# table: the model takes over the table Django made, so the state changes and the database does not.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('new_enterprises', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ServiceExpert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('expertmember', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='new_enterprises.expertmember', verbose_name='专家')),
                        ('servicerecord', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='new_enterprises.servicerecord', verbose_name='服务记录')),
                    ],
                    options={
                        'verbose_name': '参与服务的专家',
                        'verbose_name_plural': '参与服务的专家',
                        'db_table': 'new_enterprises_servicerecord_experts',
                        'unique_together': {('servicerecord', 'expertmember')},
                    },
                ),
                migrations.AlterField(
                    model_name='servicerecord',
                    name='experts',
                    field=models.ManyToManyField(blank=True, through='new_enterprises.ServiceExpert', to='new_enterprises.expertmember', verbose_name='服务人员（专家服务团队）'),
                ),
            ],
        ),
    ]
