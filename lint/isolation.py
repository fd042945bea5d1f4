"""Running per-file work where a crash cannot take the run down.

Two tools, both built on `fork` (the engine and its loaded checks are inherited,
nothing is pickled on the way in):

- `run_isolated(work, on_crash)`: one piece of work in a child process. If the
  child dies (a native parser overflowing its stack, a signal), the parent gets
  `on_crash(reason)` instead of dying itself.
- `map_in_processes(engine, sources, workers)`: the parallel path. A worker that
  dies never hangs the run: the pool reports itself broken, the files that were
  being read when it died are re-read one per child process (which names the
  file that kills its reader), and the rest are read again by a fresh pool.
"""

from __future__ import annotations

import os
import pickle
import selectors
import signal
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from lint.discover import Source
    from lint.runner import Engine, FileOutcome


#: Reasons given to `on_crash` when a child overran its budget rather than crashed.
OVER_TIME = "took longer than its time budget"
OVER_BUDGET = "needed more than its memory budget"


def over_budget(reason: str) -> bool:
    return reason.startswith((OVER_TIME, OVER_BUDGET))


def _reason(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            return f"was killed by {signal.Signals(number).name}"
        except ValueError:
            return f"was killed by signal {number}"
    if os.WIFEXITED(status):
        return f"exited with status {os.WEXITSTATUS(status)}"
    return f"ended with wait status {status}"


def _limit_memory(budget: int) -> None:
    """Let this process map at most `budget` bytes more than it does now (Linux; elsewhere a no-op)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as stream:
            mapped = int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = mapped + budget if hard == resource.RLIM_INFINITY else min(mapped + budget, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        pass


def run_isolated(
    work: Callable[[], Any], on_crash: Callable[[str], Any], timeout: float | None = None, memory: int | None = None
) -> Any:
    """`work()` computed in a forked child and returned here (it must be picklable).

    An exception in `work` is raised here as `RuntimeError`. A child that dies, outlives `timeout`
    seconds (then it is killed) or needs more than `memory` bytes beyond what it inherited yields
    `on_crash(reason)`, e.g. `on_crash("was killed by SIGSEGV")`.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: compute, send, and leave without running the parent's exit handlers
        code = 0
        try:
            os.close(read_end)
            import faulthandler

            faulthandler.disable()  # a crash here is reported by the parent, without a dump on the terminal
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 2)  # nor a native library's last words
            if memory is not None:
                _limit_memory(memory)
            try:
                payload = pickle.dumps(("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                payload = pickle.dumps(("crashed", f"{OVER_BUDGET} ({memory // (1024 * 1024) if memory else '?'} MB)"))
            except BaseException as exc:  # noqa: BLE001 - reported to the parent, whatever it is
                payload = pickle.dumps(("raised", f"{type(exc).__name__}: {exc}"))
            view = memoryview(payload)
            while view:
                written = os.write(write_end, view)
                view = view[written:]
        except BaseException:  # noqa: BLE001 - most likely out of memory while sending: say so if nothing went out
            code = 70
        finally:
            os._exit(code)
    os.close(write_end)
    chunks = []
    late = False
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(read_end, selectors.EVENT_READ)
            while True:
                wait = None if deadline is None else deadline - time.monotonic()
                if wait is not None and (wait <= 0 or not selector.select(wait)):
                    late = True
                    os.kill(pid, signal.SIGKILL)
                    break
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_end)
        _, status = os.waitpid(pid, 0)
    if late:
        return on_crash(f"{OVER_TIME} ({timeout:g} s)")
    data = b"".join(chunks)
    if status != 0 or not data:
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 70:
            return on_crash(OVER_BUDGET + " (it could not send its result back)")
        return on_crash(_reason(status) if status != 0 else "returned nothing")
    kind, value = pickle.loads(data)
    if kind == "raised":
        raise RuntimeError(value)
    if kind == "crashed":
        return on_crash(value)
    return value


# -- the parallel path -------------------------------------------------------------------------

_ENGINE: Engine | None = None
_SOURCES: Sequence[Source] = ()
#: Per source: 0 not started, 1 being read, 2 read. Shared memory, inherited by the forked workers.
_STATE: Any = None


def _lint_chunk(indices: list[int]) -> list[FileOutcome]:
    assert _ENGINE is not None and _STATE is not None
    out = []
    for index in indices:
        _STATE[index] = 1
        out.append(_ENGINE.lint_source(_SOURCES[index]))
        _STATE[index] = 2
    return out


def map_in_processes(engine: Engine, sources: Sequence[Source], workers: int) -> list[FileOutcome]:
    """Every source linted by a pool of forked workers, in order; survives workers that die."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    global _ENGINE, _SOURCES, _STATE
    context = multiprocessing.get_context("fork")
    results: list[FileOutcome | None] = [None] * len(sources)
    pending = list(range(len(sources)))
    while pending:
        _ENGINE, _SOURCES = engine, sources
        _STATE = context.RawArray("b", len(sources))
        size = max(16, len(pending) // (workers * 8))
        chunks = [pending[i : i + size] for i in range(0, len(pending), size)]
        broken = False
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(_lint_chunk, chunk): chunk for chunk in chunks}
            for future in as_completed(futures):
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    broken = True
                    continue
                except Exception:  # noqa: BLE001 - e.g. an outcome that cannot be sent back: redo alone
                    continue
                for index, outcome in zip(futures[future], outcomes):
                    results[index] = outcome
        state = bytes(_STATE)
        left = [i for i in pending if results[i] is None]
        # The files being read when the pool broke (one of them killed its worker), or everything
        # left when no file was marked: each alone in a child process, so the culprit is named.
        suspects = [i for i in left if state[i] == 1] if broken else []
        for index in suspects or left:
            results[index] = _alone(engine, sources[index])
        pending = [i for i in left if results[i] is None]
    _ENGINE, _SOURCES, _STATE = None, (), None
    return [r for r in results if r is not None]


def _alone(engine: Engine, source: Source) -> FileOutcome:
    from lint.runner import internal_error

    try:
        return run_isolated(lambda: engine.lint_source(source), lambda reason: engine.crashed(source, reason))
    except RuntimeError as exc:
        return internal_error(source, exc)
