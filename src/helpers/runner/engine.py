"""papermill engines: one that executes on a warm kernel instead of starting one per notebook, and
papermill's own for a fresh kernel; both hand the notebook executed so far to an exception that
stops the run (`exc.partial_notebook`: a timeout or a dead kernel), so the failure page shows the
cells run and the one that stopped it (runner/failure.py)."""

from __future__ import annotations

import contextlib

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

ENGINE_NAME = "juesuan-warm"
FRESH_ENGINE_NAME = "juesuan-fresh"


def _keep_notebook(exc: BaseException, nb_man) -> None:
    if getattr(exc, "partial_notebook", None) is None:
        with contextlib.suppress(AttributeError):  # an exception type that takes no attributes
            exc.partial_notebook = nb_man.nb  # type: ignore[attr-defined]


class FreshKernelEngine(NBClientEngine):
    """papermill's nbclient engine (a kernel started for the notebook), keeping the partial notebook."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        try:
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
        except BaseException as exc:
            _keep_notebook(exc, nb_man)
            raise


class WarmKernelEngine(NBClientEngine):
    """Like papermill's nbclient engine, but with the kernel manager of a `WarmKernel`."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=60,
        execution_timeout=None,
        **kwargs,
    ):
        warm = kwargs.pop("warm_kernel")
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        final_kwargs = merge_kwargs(
            kwargs,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        client = PapermillNotebookClient(nb_man, km=warm.km, **final_kwargs)
        try:
            return client.execute()
        except BaseException as exc:
            _keep_notebook(exc, nb_man)
            raise
        finally:
            if client.kc is not None:
                client.kc.stop_channels()


def register(fresh: bool = False) -> str:
    """Register the engines with papermill (idempotent); return the warm (or fresh) one's name."""
    if ENGINE_NAME not in papermill_engines._engines:
        papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
    if FRESH_ENGINE_NAME not in papermill_engines._engines:
        papermill_engines.register(FRESH_ENGINE_NAME, FreshKernelEngine)
    return FRESH_ENGINE_NAME if fresh else ENGINE_NAME
