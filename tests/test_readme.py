"""The README's Python example runs as written, as a script (fewer runs, so the suite stays quick).

Finding 9 of issue 13: the example started worker processes without the
``if __name__ == "__main__":`` guard, which a spawned worker needs: it
imports the script afresh, and without the guard plays the example again.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def python_example() -> str:
    """The README's first Python code block."""
    match = re.search(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)
    assert match, "README.md has no Python example"
    return match.group(1)


def test_the_readme_python_example_runs_as_a_script(tmp_path: Path) -> None:
    code = python_example()
    assert 'if __name__ == "__main__":' in code
    # The only change: every experiment plays 2 runs instead of hundreds.
    quick, changed = re.subn(r"\bruns=\d+", "runs=2", code)
    assert changed == 3
    script = tmp_path / "example.py"
    script.write_text(quick, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines()[0].startswith(("stalin", "None", "trotsky"))
    assert (tmp_path / "results" / "base" / "manifest.json").is_file()
