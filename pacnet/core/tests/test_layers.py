"""Imports only go down the layers of docs/architecture.md (import-linter's layers contract)."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy_of_the_code(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "pacnet",
        tmp_path / "pacnet",
        ignore=lambda folder, names: [
            n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()
        ],
    )
    return tmp_path


def test_every_import_goes_down_the_layers():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_lower_app_that_imports_a_higher_one_breaks_the_contract(tmp_path):
    copy = _copy_of_the_code(tmp_path)
    validators = copy / "pacnet/core/validators.py"
    validators.write_text(validators.read_text() + "\nfrom pacnet.dashboard import views  # noqa\n")
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "pacnet.core.validators -> pacnet.dashboard.views" in result.stdout


def test_a_domain_app_that_imports_one_above_it_breaks_the_contract(tmp_path):
    copy = _copy_of_the_code(tmp_path)
    services = copy / "pacnet/inventory/services.py"
    services.write_text(services.read_text() + "\nfrom pacnet.faults import models  # noqa\n")
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "pacnet.inventory.services -> pacnet.faults.models" in result.stdout


def test_a_test_may_use_any_app(tmp_path):
    copy = _copy_of_the_code(tmp_path)
    (copy / "pacnet/core/tests/test_uses_the_top.py").write_text(
        "from pacnet.dashboard import views  # noqa\n"
    )
    assert "pacnet.core.tests" not in _lint_imports(copy).stdout
