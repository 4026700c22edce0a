"""The CLI and the process engine run the models with one BLAS thread, unless the user says otherwise."""
from __future__ import annotations

import os
import subprocess
import sys


def _env_after(code: str, **env: str) -> str:
    base = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True,
                         check=True)
    return out.stdout.strip()


def test_threads_cli_sets_one_blas_thread_before_numpy_loads():
    code = ("import sys, dyadwatch.cli, os; print(os.environ['OPENBLAS_NUM_THREADS'], "
            "'numpy' in sys.modules)")
    assert _env_after(code) == "1 False"


def test_threads_user_setting_is_kept():
    assert _env_after("import dyadwatch.cli, os; print(os.environ['OMP_NUM_THREADS'])", OMP_NUM_THREADS="3") == "3"
