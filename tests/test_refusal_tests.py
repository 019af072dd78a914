"""Every test of a refusal says what the person reads and that nothing changed.

A test whose only assertions about a refused request are its status code
(``assert response.status_code == 403``) passes when the refusal page says
nothing useful, or when the refused request changed the database before being
refused. A test that asserts nothing passes always. This scan finds both kinds
in ``tests/`` (not the browser journeys of ``tests/e2e``, which assert with
Playwright's ``expect``), so a new one fails here: assert the message with
``tests.refusals.assert_refused`` (or ``assert_redirected_to_login`` for an
anonymous visitor), and that nothing changed.

A status assertion counts as enough when the same ``assert`` also checks
something else (``status_code == 403 and "Only staff" in text``), or when the
response it reads is read again before the variable is reused (a message, a
``Location``); a request made inside the assert and thrown away never is.
Codes: 302/303 (to log in, or back with a message), 400, 403, 404, 405, 409, 429.

Run ``python tests/test_refusal_tests.py`` to list what the scan finds.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parent

# Status codes of a refused request: bad request, refused, not found (a page
# hidden from who may not see it), wrong method, conflict, too many attempts,
# and a redirection (to the login page, or back to the form with a message).
REFUSAL_CODES = {302, 303, 400, 403, 404, 405, 409, 429}

# Calls that assert although they are not an ``assert`` statement.
ASSERTING_CALLS = {"raises", "warns", "fail", "django_assert_num_queries", "django_assert_max_num_queries"}

# Genuine exceptions, each with its reason: "module.py::test_name". Empty: even
# "an anonymous visitor is sent to log in" says where (assert_redirected_to_login).
ALLOWED: dict[str, str] = {}


@dataclass(frozen=True)
class Finding:
    where: str
    line: int
    kind: str  # "status only" or "asserts nothing"

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.kind}"


def _name_of(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_status_compare(node: ast.AST) -> bool:
    """``x.status_code == 403`` (or ``in (403, 404)``, either side) with a refusal code."""
    if not isinstance(node, ast.Compare):
        return False
    sides = [node.left, *node.comparators]
    if not any(isinstance(side, ast.Attribute) and side.attr in {"status_code", "status"} for side in sides):
        return False
    return bool(_codes(node) & REFUSAL_CODES)


def _codes(compare: ast.Compare) -> set[int]:
    return {
        leaf.value
        for side in [compare.left, *compare.comparators]
        for leaf in ast.walk(side)
        if isinstance(leaf, ast.Constant) and isinstance(leaf.value, int)
    }


def _is_status_only(test: ast.expr) -> bool:
    """An assert whose every part is a refusal status comparison."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return all(_is_status_only(value) for value in test.values)
    return _is_status_compare(test)


def _own_nodes(function: ast.FunctionDef):
    """The nodes of a function, its nested functions included (a helper
    defined inside a test and called by it asserts for it)."""
    yield from ast.walk(function)


def _asserting_helpers(trees: list[ast.Module]) -> set[str]:
    """Names of functions in tests/ that assert (directly or through another
    such helper): calling one is an assertion."""
    functions = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("test_"):
                functions.setdefault(node.name, []).append(node)
    asserting = set()
    changed = True
    while changed:
        changed = False
        for name, bodies in functions.items():
            if name in asserting:
                continue
            for body in bodies:
                if _asserts(body, asserting, status_counts=True):
                    asserting.add(name)
                    changed = True
                    break
    return asserting


def _asserts(function, helpers: set[str], *, status_counts: bool) -> bool:
    """Whether ``function`` asserts anything (beyond a status code unless
    ``status_counts``)."""
    for node in _own_nodes(function):
        if isinstance(node, ast.Assert) and (status_counts or not _is_status_only(node.test)):
            return True
        if isinstance(node, ast.Call):
            name = _name_of(node)
            if name.startswith("assert") or name in ASSERTING_CALLS or name in helpers:
                return True
    return False


def _status_compares(test: ast.expr):
    if isinstance(test, ast.BoolOp):
        for value in test.values:
            yield from _status_compares(value)
    elif _is_status_compare(test):
        yield test


def _refused_response(compare: ast.Compare) -> ast.expr:
    """The response whose status is compared: ``response`` in ``response.status_code``."""
    for side in [compare.left, *compare.comparators]:
        if isinstance(side, ast.Attribute) and side.attr in {"status_code", "status"}:
            return side.value
    raise AssertionError("not a status comparison")


def _status_only_refusal(function, helpers: set[str]) -> int | None:
    """The line of the first refused request of which only the status is
    asserted: the request is made inside the assert (its page is thrown away),
    or its response is read nowhere else in the test."""
    status_nodes = set()
    refused: list[tuple[int, ast.expr]] = []
    for node in _own_nodes(function):
        if isinstance(node, ast.Assert):
            for compare in _status_compares(node.test):
                status_nodes.update(id(n) for n in ast.walk(compare))
                if not _is_status_only(node.test):
                    continue  # asserted with what the person reads or what it did (``and Meeting.objects.count() == 3``)
                refused.append((node.lineno, _refused_response(compare)))
    reads, stores = {}, {}
    for node in _own_nodes(function):
        if isinstance(node, ast.Name) and id(node) not in status_nodes:
            kind = reads if isinstance(node.ctx, ast.Load) else stores
            kind.setdefault(node.id, []).append(node.lineno)
    for line, response in sorted(refused, key=lambda pair: pair[0]):
        if isinstance(response, ast.Name):
            # Read between the assignment of this response and the next one
            # (``response = ...`` reused for the next request does not count).
            earlier = [n for n in stores.get(response.id, []) if n <= line]
            later = [n for n in stores.get(response.id, []) if n > line]
            start, end = (max(earlier) if earlier else 0), (min(later) if later else 10**9)
            if not any(start <= n < end for n in reads.get(response.id, [])):
                return line
        elif isinstance(response, ast.Subscript | ast.Attribute) and isinstance(response.value, ast.Name):
            continue  # responses[0].status_code: a list of responses, read in a loop
        else:
            return line
    return None


def scan(root: Path = TESTS) -> list[Finding]:
    files = [path for path in sorted(root.rglob("*.py")) if "e2e" not in path.relative_to(root).parts]
    trees = {path: ast.parse(path.read_text(), filename=str(path)) for path in files}
    helpers = _asserting_helpers(list(trees.values()))
    findings = []
    for path, tree in trees.items():
        if not path.name.startswith("test_"):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or not node.name.startswith("test_"):
                continue
            where = f"{path.relative_to(root).as_posix()}::{node.name}"
            if where in ALLOWED:
                continue
            if not _asserts(node, helpers, status_counts=True):
                findings.append(Finding(where, node.lineno, "asserts nothing"))
            elif line := _status_only_refusal(node, helpers):
                findings.append(Finding(where, line, "status only"))
    return findings


def test_no_refusal_is_tested_by_its_status_code_alone():
    findings = scan()
    assert not findings, (
        "These tests assert only a status code on a refusal, or nothing: assert the message the person "
        "reads (tests.refusals.assert_refused) and that nothing changed.\n" + "\n".join(map(str, findings))
    )


def test_the_scan_finds_a_status_only_refusal_and_a_test_asserting_nothing(tmp_path):
    (tmp_path / "test_example.py").write_text(
        "def helper(response):\n    assert 'x' in response.content.decode()\n\n"
        "def test_status_only(client):\n    assert client.get('/').status_code == 403\n\n"
        "def test_two_statuses(client):\n    assert client.get('/').status_code == 404 and client.post('/').status_code == 405\n\n"
        "def test_nothing(client):\n    client.get('/')\n\n"
        "def test_message(client):\n    response = client.get('/')\n    assert response.status_code == 403\n    assert 'No' in response.content.decode()\n\n"
        "def test_helper(client):\n    response = client.get('/')\n    assert response.status_code == 403\n    helper(response)\n\n"
        "def test_raises():\n    import pytest\n    with pytest.raises(ValueError):\n        int('x')\n"
    )
    found = {(f.where.split("::")[1], f.kind) for f in scan(tmp_path)}
    assert found == {
        ("test_status_only", "status only"),
        ("test_two_statuses", "status only"),
        ("test_nothing", "asserts nothing"),
    }


def test_the_helpers_fail_on_a_refusal_page_that_gives_another_reason_or_none():
    import pytest
    from django.http import HttpResponse, HttpResponseForbidden

    from tests.refusals import assert_refused

    page = HttpResponseForbidden("<h1>Access refused</h1><p>Only the syndic &amp; the committee.</p>")
    page["Content-Language"] = "en"
    assert_refused(page, "Only the syndic & the committee.")
    with pytest.raises(AssertionError):
        assert_refused(page, "Only staff.")
    with pytest.raises(AssertionError):
        assert_refused(HttpResponse("Only the syndic & the committee."), "Only the syndic & the committee.")  # a 200


if __name__ == "__main__":
    results = scan()
    for finding in results:
        print(finding)
    print(len(results), "tests:", sum(f.kind == "status only" for f in results), "status only,", sum(f.kind == "asserts nothing" for f in results), "asserting nothing")
