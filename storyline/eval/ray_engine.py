"""A batch engine that briefs clusters as Ray tasks, on this machine or on a Ray cluster.

Imported only when `--engine ray` is asked for. Each cluster line is one task running the same `brief_job` as the
process pool, so the output is the same bytes; the driver keeps reading, ordering and writing, so a cluster file
larger than memory streams through as it does with processes. A task lost with its worker or node is retried; a
cluster far larger than usual reserves memory, so Ray does not pack several onto a node that cannot hold them.
"""

from __future__ import annotations

from typing import Any

from ..errors import MissingDependencyError
from .jobs import BatchSettings, ClusterJob, LineResult, brief_job

RETRIES = 3
# Briefing a Multi-News dev cluster peaked at 47-71 bytes of Python memory per byte of its line (tracemalloc,
# 5-69 KB lines); a line past HUGE_LINE reserves 60 per byte, so Ray places it where the memory is.
MEMORY_PER_LINE_BYTE = 60
HUGE_LINE = 1 << 20


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise MissingDependencyError("--engine ray needs Ray: pip install 'storyline[ray]'") from None
    return ray


class RayEngine:
    """Briefs clusters as Ray tasks; joins the cluster at `address` ('auto', ray://...) or starts one here."""

    def __init__(self, address: str | None = None) -> None:
        ray = self._ray = _ray()
        self._owned = not ray.is_initialized()
        if self._owned:
            ray.init(address=address, include_dashboard=False, logging_level="warning", log_to_driver=False)
        self._task = ray.remote(num_cpus=1, max_retries=RETRIES)(brief_job)
        cpus = int(ray.available_resources().get("CPU", 1)) or 1
        self.slots = 2 * cpus  # one queued behind each running cluster keeps every worker fed
        self._running: list[Any] = []

    def submit(self, job: ClusterJob, settings: BatchSettings) -> None:
        task = self._task
        if len(job.line) > HUGE_LINE:
            task = task.options(memory=MEMORY_PER_LINE_BYTE * len(job.line))
        self._running.append(task.remote(job, settings))

    def finished(self) -> list[LineResult]:
        ready, self._running = self._ray.wait(self._running, num_returns=1)
        if self._running:  # collect the others already done, in one call
            more, self._running = self._ray.wait(self._running, num_returns=len(self._running), timeout=0)
            ready += more
        results: list[LineResult] = self._ray.get(ready)
        return results

    def close(self) -> None:
        for reference in self._running:
            self._ray.cancel(reference)
        self._running = []
        if self._owned:
            self._ray.shutdown()
