"""Pure text rules, worked examples."""

import pytest

from platform_forums.text import mentioned_emails, quote_of, render_post


def test_mentions_are_at_sign_and_an_address():
    assert mentioned_emails("Thanks @Claire@socle.test and @bob@x.be.") == {
        "claire@socle.test",
        "bob@x.be",
    }


def test_a_plain_address_is_not_a_mention():
    assert mentioned_emails("write to claire@socle.test") == set()


def test_plain_text_keeps_paragraphs_and_is_escaped():
    assert render_post("a < b\n\nsecond") == "<p>a &lt; b</p>\n\n<p>second</p>"


def test_links_get_nofollow():
    html = render_post("see https://example.org")
    assert 'href="https://example.org"' in html and 'rel="nofollow noopener noreferrer"' in html


def test_quote_is_plain_text_of_the_post_in_a_blockquote():
    assert (
        quote_of("Ann <x>", "<p>Hi <strong>all</strong></p>")
        == "<blockquote><p>Ann &lt;x&gt;: Hi all</p></blockquote>\n"
    )


def test_long_quotes_are_cut_at_a_word():
    quote = quote_of("Ann", "<p>" + "word " * 500 + "</p>")
    assert quote.endswith(" …</p></blockquote>\n") and len(quote) < 700


@pytest.mark.parametrize(
    "typed",
    ["Hello\nyou\n\nBye & thanks <3", "Plain", "<b>bold</b> and <i>more</i>", "a <b", "x &lt; y"],
)
def test_what_the_edit_form_shows_renders_back_to_the_same_post(typed):
    from django.utils.html import strip_tags

    from platform_forums.text import editable_text, render_post

    stored = render_post(typed)
    again = render_post(editable_text(stored))
    assert again == stored or strip_tags(again) == strip_tags(stored)
