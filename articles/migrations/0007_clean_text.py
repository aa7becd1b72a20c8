"""Stored text refuses control characters (articles/text.py), and rows saved before are cleaned:
Word soft returns become spaces, other XML-illegal characters are dropped."""

import articles.text
from django.db import migrations

TEXT_FIELDS = {
    "Story": ["headline", "standfirst", "byline"],
    "Section": ["heading", "body"],
    "RelatedLink": ["title", "url"],
}


def clean_existing_rows(apps, schema_editor):
    for model_name, names in TEXT_FIELDS.items():
        model = apps.get_model("articles", model_name)
        for row in model.objects.only(*names).iterator(chunk_size=2000):
            changed = {
                name: articles.text.clean_text(getattr(row, name))
                for name in names
                if articles.text.CONTROL_CHARACTERS.search(getattr(row, name))
            }
            if changed:
                model.objects.filter(pk=row.pk).update(**changed)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_former_slugs'),
    ]

    operations = [
        migrations.AlterField(
            model_name='relatedlink',
            name='title',
            field=articles.text.PlainCharField(max_length=300),
        ),
        migrations.AlterField(
            model_name='relatedlink',
            name='url',
            field=articles.text.PlainURLField(blank=True, max_length=500),
        ),
        migrations.AlterField(
            model_name='section',
            name='body',
            field=articles.text.PlainTextField(blank=True, help_text='Plain text. Separate paragraphs with a blank line.'),
        ),
        migrations.AlterField(
            model_name='section',
            name='heading',
            field=articles.text.PlainCharField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name='story',
            name='byline',
            field=articles.text.PlainCharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name='story',
            name='headline',
            field=articles.text.PlainCharField(max_length=300),
        ),
        migrations.AlterField(
            model_name='story',
            name='standfirst',
            field=articles.text.PlainTextField(blank=True, help_text='A one- or two-sentence summary.'),
        ),
        migrations.RunPython(clean_existing_rows, migrations.RunPython.noop),
    ]
