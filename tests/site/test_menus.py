"""base.html's menus come from the links each app registers (community.menus):
in order, only to whom they are for, in the reader's language, the current
page marked for screen readers."""

import re

import pytest

from community import menus
from tests.candidates.factories import OperatorFactory
from tests.factories import UserFactory, make_staff

pytestmark = pytest.mark.django_db


def member_menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="member-nav".*?</nav>', html, re.S).group(0)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", label)).strip()
            for label in re.findall(r"<(?:a|button)\b[^>]*>(.*?)</(?:a|button)>", nav, re.S)]


def test_each_app_adds_its_links_in_order():
    assert [link.key for link in menus.registered(menus.MEMBER)] == [
        "my_space", "my_home", "my_candidacy", "register", "stewardship", "support", "rooms", "assemblies", "building", "forums",
        "search"]
    assert [link.key for link in menus.registered(menus.MAIN)] == [
        "projects", "news", "events", "agenda", "recommendations", "testimonials", "platforms", "become_owner",
        "affordable_rent"]
    assert [link.key for link in menus.registered(menus.VISITOR)] == ["rooms"]


def test_a_member_sees_their_spaces_and_not_the_staffs_tools(client_of):
    html = client_of(UserFactory()).get("/en/my/").content.decode()
    assert member_menu(html) == [
        "My space", "My candidacy", "Community rooms", "Assemblies and votes", "My building", "Forums",
        "Search my spaces", "Notifications 0 unread", "Log out"]
    assert '<a href="/en/my/" aria-current="page">My space</a>' in html
    assert 'href="/en/rooms/" aria-current' not in html


def test_staff_and_register_staff_see_their_tools(client_of):
    staff = make_staff(is_staff=True)
    labels = member_menu(client_of(staff).get("/en/my/").content.decode())
    assert labels[labels.index("Search my spaces"):] == [
        "Search my spaces", "Notifications 0 unread", "Members without e-mail", "Household changes", "Administration", "Edit the site",
        "Log out"]
    assert "Register of candidates" not in labels
    officer = UserFactory()
    OperatorFactory().staff.add(officer)
    labels = member_menu(client_of(officer).get("/en/my/").content.decode())
    assert "Register of candidates" in labels and "My candidacy" not in labels
    assert "Members without e-mail" not in labels and "Administration" not in labels


def test_a_visitor_sees_the_rooms_and_how_to_log_in_in_their_language(client):
    html = client.get("/nl/rooms/").content.decode()
    assert member_menu(html) == ["Gemeenschapszalen", "Aanmelden", "Registreren"]
    assert '<a href="/nl/rooms/" aria-current="page">Gemeenschapszalen</a>' in html
    main = re.search(r'<nav class="main-nav".*?</nav>', html, re.S).group(0)
    assert ">Projecten</a>" in main and ">Huisvestingsplatforms</a>" in main


def test_a_menu_follows_a_role_gained_and_lost_at_once(client_of):
    """The links a person sees are kept per access key (community.menus): the
    same member drawn before and after joining the register's staff."""
    officer = UserFactory()
    client = client_of(officer)
    assert "My candidacy" in member_menu(client.get("/en/my/").content.decode())
    operator = OperatorFactory()
    operator.staff.add(officer)
    labels = member_menu(client.get("/en/my/").content.decode())
    assert "Register of candidates" in labels and "My candidacy" not in labels
    operator.staff.remove(officer)
    labels = member_menu(client.get("/en/my/").content.decode())
    assert "My candidacy" in labels and "Register of candidates" not in labels
