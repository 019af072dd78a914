"""The meeting core of the base: what every kind of meeting does the same way.

Assemblies (``community.governance``: general assemblies, boards, co-owners'
meetings) and platform meetings (``platform_forums``) both convene people with
notice, set an agenda, take replies and record attendance, write minutes and
send a calendar file. The rules they share are decided here once
(``rules``), the calendar file is written here once (``calendar``, on the
kernel's iCalendar writer), and the convocation goes out here once
(``convocation``). Each kind keeps its own models and adds what is its own:
assemblies their votes, quorum and proxies; platform meetings their agenda
proposals and actions. See docs/RULES.md ("Meetings").

The base knows no feature: nothing here imports platform_forums, coownership
or events; the kinds pass their meeting's facts in.
"""
