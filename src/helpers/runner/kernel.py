"""The project kernel: an explicitly named kernelspec of this environment, started cold or kept warm."""

from __future__ import annotations

import atexit
import queue
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import JuesuanError

KERNEL_NAME = "juesuan"


def ensure_kernelspec() -> str:
    """Make sure the `juesuan` kernelspec exists and runs this interpreter; return its name."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    manager = KernelSpecManager()
    try:
        spec = manager.get_kernel_spec(KERNEL_NAME)
        if Path(spec.argv[0]).resolve() == Path(sys.executable).resolve():
            return KERNEL_NAME
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install

    install(kernel_name=KERNEL_NAME, display_name="Python (juesuan)", prefix=sys.prefix)
    return KERNEL_NAME


@dataclass
class WarmKernel:
    """One running kernel reused for many notebooks (one per worker process).

    nbclient drives notebook execution through the (async) kernel manager; a separate blocking
    client runs the silent warm-up and reset code between notebooks. Starting returns at once:
    the kernel boots and imports the notebooks' libraries while the worker prepares the data.
    """

    cwd: Path
    startup_timeout: float = 120
    km: Any = None
    control: Any = None
    used: int = field(default=0)
    _warm_up_id: str | None = None

    def start(self) -> None:
        from jupyter_client import AsyncKernelManager, BlockingKernelClient
        from jupyter_core.utils import run_sync

        from ..warm import WARM_UP

        self.km = AsyncKernelManager(kernel_name=ensure_kernelspec())
        # The kernel's own chatter ("Parent appears to have exited") must not reach the run's log.
        run_sync(self.km.start_kernel)(
            cwd=str(self.cwd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.control = BlockingKernelClient()
        self.control.load_connection_info(self.km.get_connection_info())
        self.control.start_channels()
        # Queued until the kernel listens; the reply is awaited in ensure_ready().
        self._warm_up_id = self.control.execute(WARM_UP, silent=True, store_history=False)

    def ensure_ready(self) -> None:
        """Wait until the kernel has started and finished its warm-up imports."""
        if self._warm_up_id is None:
            return
        deadline = time.monotonic() + self.startup_timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self.alive():
                self.shutdown()
                raise JuesuanError(
                    f"the {KERNEL_NAME} kernel did not start within {self.startup_timeout:.0f} s"
                )
            try:
                reply = self.control.get_shell_msg(timeout=min(remaining, 1.0))
            except queue.Empty:
                continue
            if reply["parent_header"].get("msg_id") == self._warm_up_id:
                break
        self._warm_up_id = None
        if reply["content"].get("status") != "ok":
            raise JuesuanError(f"kernel warm-up failed: {reply['content'].get('evalue', '')}")

    def _run_silently(self, code: str) -> None:
        reply = self.control.execute_interactive(
            code, silent=True, store_history=False, timeout=self.startup_timeout, output_hook=lambda msg: None
        )
        if reply["content"].get("status") != "ok":
            raise JuesuanError(f"kernel reset failed: {reply['content'].get('evalue', '')}")

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return self.km is not None and bool(run_sync(self.km.is_alive)())

    def reset(self) -> None:
        """A fresh namespace and fresh process-wide state before the next notebook."""
        from ..warm import RESET

        if not self.alive():
            self.restart()
        self.ensure_ready()
        self._run_silently(RESET)
        self.used += 1

    def set_env(self, name: str, value: str) -> None:
        """Set an environment variable in the kernel process (for the next notebook)."""
        self._run_silently(f"import os as _o\n_o.environ[{name!r}] = {value!r}\ndel _o\n")

    def restart(self) -> None:
        self.shutdown()
        self.start()

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        if self.control is not None:
            self.control.stop_channels()
        if self.km is not None and self.km.has_kernel:
            run_sync(self.km.shutdown_kernel)(now=True)
        self.km = self.control = None
        self._warm_up_id = None


_KERNELS: dict[str, WarmKernel] = {}


def warm_kernel(cwd: Path) -> WarmKernel:
    """The worker process's warm kernel (started on first use, shut down at exit)."""
    key = str(cwd)
    if key not in _KERNELS:
        kernel = WarmKernel(cwd)
        kernel.start()
        _KERNELS[key] = kernel
        atexit.register(kernel.shutdown)
        # Pool workers leave through os._exit: multiprocessing finalizers still run there.
        from multiprocessing.util import Finalize

        Finalize(kernel, kernel.shutdown, exitpriority=10)
    return _KERNELS[key]


def discard_warm_kernel(cwd: Path) -> None:
    kernel = _KERNELS.pop(str(cwd), None)
    if kernel is not None:
        kernel.shutdown()


def kill_warm_kernels() -> None:
    """Kill this process's warm kernels at once (no shutdown handshake): used when the run's
    process has died and this worker is about to exit."""
    import contextlib
    import os
    import signal

    for kernel in list(_KERNELS.values()):
        provisioner = getattr(kernel.km, "provisioner", None)
        pid = getattr(provisioner, "pid", None)
        if pid:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
