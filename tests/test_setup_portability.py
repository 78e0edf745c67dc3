"""`make portability` really runs the notebooks under other arithmetic than this machine's.

`make test` runs the notebooks' tests twice; the second time (`make portability`) with
the environment ``PORTABLE_ENV`` from the Makefile: OpenBLAS forced to its Sandy Bridge
kernels (AVX without FMA) and NumPy's dispatched SIMD code paths disabled. These tests
prove, in fresh interpreters, that those variables are accepted and change both the
BLAS kernel and NumPy's code paths, and that the results of a matrix product and of a
vectorized ``tanh`` differ in their last bits, i.e. that the second run rounds differently.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DISPATCH = ("X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR")
VARS = ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES")

_PROBE = f"""
import json, numpy as np, threadpoolctl
from numpy._core._multiarray_umath import __cpu_features__ as f
rng = np.random.default_rng(0)
A, B = rng.standard_normal((300, 300)), rng.standard_normal((300, 300))
x = rng.standard_normal(100_001)
print(json.dumps({{
    "blas": sorted({{i.get("architecture") for i in threadpoolctl.threadpool_info()
                    if i["internal_api"] == "openblas"}}),
    "simd": {{k: bool(f.get(k)) for k in {DISPATCH!r}}},
    "matmul": float((A @ B).sum()).hex(),
    "tanh": float(np.tanh(x).sum()).hex(),
}}))
"""


def portable_env() -> dict[str, str]:
    """The variables `make portability` sets (parsed from the Makefile, the one place they live)."""
    m = re.search(r"^PORTABLE_ENV := (.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert m, "PORTABLE_ENV is missing from the Makefile"
    return dict(item.split("=", 1) for item in shlex.split(m.group(1)))


def _probe(extra: dict[str, str]) -> tuple[dict, str]:
    env = {k: v for k, v in os.environ.items() if k not in VARS} | extra
    proc = subprocess.run([sys.executable, "-W", "always", "-c", _PROBE], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout), proc.stderr


def test_makefile_sets_both_variables_for_the_second_run() -> None:
    env = portable_env()
    assert set(env) == set(VARS), env
    recipe = (ROOT / "Makefile").read_text().split("\nportability:", 1)[1].split("\n\n", 1)[0]
    assert "$(PORTABLE_ENV)" in recipe and "chapters" in recipe and "exercises" in recipe
    test_recipe = (ROOT / "Makefile").read_text().split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "portability" in test_recipe, "make test must run the portability pass"


def test_portable_env_changes_the_blas_kernel_and_numpys_code_paths() -> None:
    default, _ = _probe({})
    portable, warnings = _probe(portable_env())
    assert "cannot disable" not in warnings and "ImportWarning" not in warnings, (
        f"NumPy rejected NPY_DISABLE_CPU_FEATURES: {warnings}"
    )
    assert portable["blas"] == [portable_env()["OPENBLAS_CORETYPE"]], portable["blas"]
    assert portable["blas"] != default["blas"], f"this CPU already uses {default['blas']}: pick another kernel"
    assert not any(portable["simd"].values()), portable["simd"]
    assert any(default["simd"].values()), "this CPU has no dispatched SIMD paths to disable"
    # The point of the second run: other rounding, in BLAS and in NumPy's own loops.
    assert portable["matmul"] != default["matmul"], "the BLAS kernel change did not change a matmul's rounding"
    assert portable["tanh"] != default["tanh"], "disabling SIMD did not change np.tanh's rounding"


@pytest.mark.skipif(not os.environ.get("NNLIB_PORTABILITY_RUN"), reason="only in `make portability`")
def test_this_run_uses_the_portable_kernel() -> None:
    """Inside `make portability`: this interpreter (and the kernels nbval starts, which
    inherit its environment) runs with the other kernel and without SIMD dispatch."""
    import numpy as np  # noqa: F401
    import threadpoolctl
    from numpy._core._multiarray_umath import __cpu_features__ as features

    env = portable_env()
    for var in VARS:
        assert os.environ.get(var) == env[var]
    archs = {i.get("architecture") for i in threadpoolctl.threadpool_info() if i["internal_api"] == "openblas"}
    assert archs == {env["OPENBLAS_CORETYPE"]}, archs
    assert not any(features.get(k) for k in DISPATCH)
