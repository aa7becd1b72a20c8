"""Error pages: a friendly 404 and a 500 page that needs no database."""

from django.template.loader import render_to_string


def test_404_page_is_friendly(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


def test_500_page_renders_without_the_database():
    # No `db` fixture: pytest-django fails any query here.
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "{%" not in html
