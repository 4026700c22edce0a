"""One BLAS thread per process for the per-article models.

natasha and spaCy do many small numpy matrix products per article; BLAS
worker threads only contend for them. Measured with ``python -m bench
engines`` on 2 cores: one process went from 12.1 to 12.8 articles/s with one
BLAS thread, and the 2-worker process pool from 1.00x to 2.2x one process.
The variables only take effect before numpy is first imported, so the CLI
sets them at start-up and the process engine sets them for its workers; a
value the user has set is kept.
"""
from __future__ import annotations

import os

BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def single_threaded_blas() -> None:
    for var in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(var, "1")
