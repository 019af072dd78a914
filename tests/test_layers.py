"""The layers' contracts (pyproject.toml, [tool.importlinter]) hold, and they
name every module of socle_site: a new module there must be placed in the
project, the public website or the kernel, or the contracts would not see it."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {contract["id"]: contract for contract in config["contracts"]}


def test_every_module_of_socle_site_has_its_layer():
    named = {m for m in contracts()["kernel"]["forbidden_modules"] if m.startswith("socle_site.")}
    present = {
        f"socle_site.{path.stem if path.suffix == '.py' else path.name}"
        for path in (ROOT / "site").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").exists()
    }
    assert present - named - {"socle_site.kernel"} == set(), "add the new module to the contracts in pyproject.toml"
    assert named - present == set(), "a module named in the contracts no longer exists"


def test_the_base_and_the_kernel_forbid_the_same_project_and_site_modules():
    kernel, base = contracts()["kernel"]["forbidden_modules"], contracts()["base"]["forbidden_modules"]
    assert {m for m in kernel if m.startswith("socle_site.")} == {m for m in base if m.startswith("socle_site.")}


def test_no_import_crosses_a_forbidden_line():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:]
