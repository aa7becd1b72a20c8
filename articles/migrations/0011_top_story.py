"""The front page's top story, chosen by an editor. (Stored summaries, now cut after a whole
word, are made again by 0012_markup's refresh, which runs the app's code once every column it
reads exists.)"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_corrections'),
    ]

    operations = [
        migrations.AddField(
            model_name='story',
            name='promoted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='story',
            name='top_story',
            field=models.BooleanField(default=False, help_text='Lead the front page with this story while it is live. The story most recently made top story leads; with none live, the newest story does.', verbose_name='Top story'),
        ),
        migrations.AddIndex(
            model_name='story',
            index=models.Index(condition=models.Q(('top_story', True)), fields=['-promoted_at', '-id'], name='story_top_idx'),
        ),
    ]
