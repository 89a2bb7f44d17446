"""Batch on Ray writes the same bytes as one process; without Ray installed, asking for it says how to install it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_batch import write_clusters

from storyline.errors import MissingDependencyError
from storyline.eval.batch import batch

DEV = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "multinews-dev.jsonl"


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A local Ray cluster of two CPUs for this module's tests, its files under the test's temporary folder."""
    ray = pytest.importorskip("ray", reason="Ray is an extra: pip install 'storyline[ray]'")
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        _temp_dir=str(tmp_path_factory.mktemp("ray")),
        logging_level="warning",
        log_to_driver=False,
    )
    yield
    ray.shutdown()


def test_batch_on_ray_writes_the_bytes_one_process_writes(ray_cluster: None, tmp_path: Path) -> None:
    clusters = write_clusters(tmp_path / "clusters.jsonl", 10)
    (tmp_path / "bad.jsonl").write_text(clusters.read_text() + "{broken\n", encoding="utf-8")
    for name in ("clusters.jsonl", "bad.jsonl"):
        batch(tmp_path / name, tmp_path / "one.jsonl", words=60, summarizer="coverage.v1", jobs=1)
        batch(tmp_path / name, tmp_path / "ray.jsonl", words=60, summarizer="coverage.v1", engine="ray")
        assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason=f"no Multi-News dev clusters at {DEV}")
def test_batch_on_ray_matches_one_process_on_the_dev_clusters(ray_cluster: None, tmp_path: Path) -> None:
    batch(DEV, tmp_path / "one.jsonl", words=230, summarizer="coverage.v1", jobs=1)
    batch(DEV, tmp_path / "ray/", words=230, summarizer="coverage.v1", engine="ray", shard_size=40)
    shards = sorted((tmp_path / "ray").glob("part-*.jsonl"))
    assert len(shards) == 3
    assert b"".join(path.read_bytes() for path in shards) == (tmp_path / "one.jsonl").read_bytes()


def test_asking_for_ray_without_it_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if it were not installed
    clusters = write_clusters(tmp_path / "clusters.jsonl", 2)
    with pytest.raises(MissingDependencyError, match=r"storyline\[ray\]"):
        batch(clusters, tmp_path / "out.jsonl", words=60, summarizer="coverage.v1", engine="ray")
    assert not (tmp_path / "out.jsonl").exists()
    assert not (tmp_path / ".out.jsonl.partial").exists()


def test_the_process_pool_never_imports_ray(tmp_path: Path) -> None:
    clusters = write_clusters(tmp_path / "clusters.jsonl", 2)
    code = (
        "import sys; from storyline.cli import main\n"
        "sys.argv = ['storyline', 'batch', sys.argv[1], '-o', sys.argv[2]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\nassert 'ray' not in sys.modules, 'ray was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code, str(clusters), str(tmp_path / "out.jsonl")], check=True, timeout=120)
