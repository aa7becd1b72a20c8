"""The front page's top story, chosen by an editor; and stored summaries cut again, now after
a whole word (articles.models.shorten) rather than inside one."""

from django.db import migrations, models


def cut_summaries_at_words(apps, schema_editor):
    # The app's own refresh reads and writes only the columns it names, all present by now.
    from articles import derived

    Story = apps.get_model("articles", "Story")
    derived.refresh(Story.objects.values_list("pk", flat=True))


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
        migrations.RunPython(cut_summaries_at_words, migrations.RunPython.noop, elidable=True),
    ]
