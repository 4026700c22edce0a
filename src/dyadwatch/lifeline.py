"""Child processes that die with their parent (the process engine's workers).

``die_with_parent`` asks Linux to SIGKILL this process when its parent goes
(``PR_SET_PDEATHSIG``) and starts a watchdog thread that exits when the parent
process changes (other Unixes, and a parent that died before the signal was
armed). The engine arms its workers twice: as early as possible, when a
spawned worker imports ``dyadwatch`` and finds ``DYADWATCH_DIE_WITH_PARENT``
naming its parent (before the worker's seconds of model imports, when a
killed parent used to leave it running), and again in the pool's initializer.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time

ENV = "DYADWATCH_DIE_WITH_PARENT"
PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCHDOG_SECONDS = 1.0  # how often the watchdog looks whether the parent is still there
_armed_for: set[int] = set()


def die_with_parent(parent_pid: int) -> None:
    """Make this process exit when ``parent_pid``, its parent, is gone (idempotent)."""
    if os.getppid() != parent_pid:  # the parent died already (this process was adopted)
        os._exit(1)
    if parent_pid in _armed_for:
        return
    _armed_for.add(parent_pid)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watchdog still works
            pass
        if os.getppid() != parent_pid:  # it died between the first check and the prctl
            os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCHDOG_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def arm_from_environment() -> None:
    """Arm ``die_with_parent`` when ``DYADWATCH_DIE_WITH_PARENT`` names this process's parent; such a
    worker also ignores Ctrl-C, which the terminal sends its whole group: the parent stops it."""
    raw = os.environ.get(ENV, "")
    if raw.isdigit() and int(raw) == os.getppid():
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        die_with_parent(int(raw))
