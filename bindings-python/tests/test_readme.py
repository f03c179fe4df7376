"""The README's example runs as written against the installed package."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def example_code() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Example", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "README has no python example"
    return match.group(1)


def test_readme_example_runs(tmp_path):
    script = tmp_path / "example.py"
    script.write_text(example_code(), encoding="utf-8")
    # From an empty directory, so the installed package is the one imported.
    out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("<Verdict accepted=False")
    assert lines[1:4] == [
        "False",
        "Execution failed due to configuration error: PKIX path building failed: "
        "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target",
        "no_path_found",
    ]
    assert lines[4] == "True"
    assert lines[5] == (
        "Execution failed due to configuration error: Host name 'www.example.com' does not match "
        "the certificate subject provided by the peer (CN=api.example.com)"
    )


def test_readme_reusable_store_example_runs_verbatim():
    """The "Many chains, one store" example, from the repository root, prints what it shows."""
    text = README.read_text(encoding="utf-8").split("## Many chains, one store", 1)[1]
    code, shown = re.findall(r"```(?:python)?\n(.*?)```", text, re.DOTALL)[:2]
    assert "TrustStore.bundled" in code and "Evaluator" in code
    out = subprocess.run([sys.executable, "-c", code], cwd=README.parents[1], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout == shown
