"""Benchmark of a long forum thread.

    .venv/bin/python bench/forum_thread.py [--posts 2000]
    DATABASE_URL=postgres://… .venv/bin/python bench/forum_thread.py

Builds a throw-away test database with one platform forum and a thread of
POSTS replies (bulk inserts), then measures, through Django's test client
(the whole request/response cycle), the SQL query count and the median
server time of the first, a middle and the last page of the thread; and the
sanitiser's throughput (posts/s) on realistic posts with links, quotes and
hostile markup. One post in ten has an attachment.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socle_site.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

SETTINGS_NOTE = "PostgreSQL" if "postgres" in os.environ.get("DATABASE_URL", "") else "SQLite"
SAMPLE_POSTS = [
    "Bonjour à toutes et à tous,\n\nLa réunion de janvier aura lieu à la maison communale. "
    "Le compte rendu est ici : https://example.org/cr/2027-01 — merci @partner@socle.test !",
    "<blockquote><p>Nadia: qui reprend la permanence du jeudi ?</p></blockquote><p>Nous, dès le 7 janvier.</p>",
    "<p>Liste :</p><ul><li><strong>CPAS</strong> : 3 ménages</li><li>AIS : 2 logements</li></ul>",
    "<img src=x onerror=alert(1)><script>alert('x')</script><a href=\"javascript:alert(1)\">lien</a> texte",
]


def timed(client: Client, url: str, runs: int = 15) -> tuple[float, int]:
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return statistics.median(times) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=2000)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from community.models import Organisation, OrganisationMembership, User
        from platform_forums import services
        from platform_forums.models import (
            Forum,
            Platform,
            PlatformMembership,
            PlatformRole,
            Post,
            PostAttachment,
            Thread,
        )
        from platform_forums.selectors import POSTS_PER_PAGE
        from platform_forums.text import render_post

        platform = Platform.objects.create(
            name="Bench", slug="bench", municipalities="Forest", purpose="Bench"
        )
        forum = Forum.objects.create(platform=platform, title="Bench", slug="bench")
        organisation = Organisation.objects.create(name="Bench org", kind="association")
        PlatformMembership.objects.create(
            platform=platform,
            organisation=organisation,
            role=PlatformRole.PILOT,
            joined_at="2020-01-01",
        )
        authors = [
            User.objects.create_user(
                f"bench{i}@example.org", "x", first_name=f"Person{i}", language="en"
            )
            for i in range(20)
        ]
        for user in authors:
            OrganisationMembership.objects.create(organisation=organisation, user=user)
        thread = Thread.objects.create(forum=forum, title="Long thread", author=authors[0])

        started = time.perf_counter()
        bodies = [
            render_post(SAMPLE_POSTS[i % len(SAMPLE_POSTS)] + f" ({i})") for i in range(args.posts)
        ]
        sanitise_seconds = time.perf_counter() - started
        Post.objects.bulk_create(
            [
                Post(thread=thread, author=authors[i % len(authors)], body_html=body)
                for i, body in enumerate(bodies)
            ],
            batch_size=500,
        )
        Thread.objects.filter(pk=thread.pk).update(post_count=args.posts)
        # One post in ten carries a file: the page prefetches them in one query.
        PostAttachment.objects.bulk_create(
            [
                PostAttachment(
                    post=post,
                    file="forum/bench.pdf",
                    filename="plans.pdf",
                    content_type="application/pdf",
                    size=120_000,
                )
                for post in Post.objects.filter(thread=thread).order_by("pk")[::10]
            ],
            batch_size=500,
        )

        client = Client()
        client.force_login(authors[1])
        url = reverse("platform_forums:thread", args=[thread.pk])
        client.get(url)  # the first visit creates the read mark
        pages = (args.posts + POSTS_PER_PAGE - 1) // POSTS_PER_PAGE
        print(
            f"Forum thread benchmark on {SETTINGS_NOTE}: {args.posts} posts, {pages} pages of {POSTS_PER_PAGE}"
        )
        for label, page in [("first page", 1), ("middle page", pages // 2), ("last page", pages)]:
            ms, queries = timed(client, f"{url}?page={page}")
            print(f"  {label:<12} (page {page:>3}): {queries:>2} queries, median {ms:6.1f} ms")
        started = time.perf_counter()
        services.reply(acting_user=authors[2], thread=thread, body=SAMPLE_POSTS[0])
        print(f"  reply with a mention: {(time.perf_counter() - started) * 1000:.1f} ms")
        print(
            f"  sanitiser: {args.posts / sanitise_seconds:,.0f} posts/s ({sanitise_seconds * 1000:.0f} ms for {args.posts})"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        del test_db


if __name__ == "__main__":
    main()
