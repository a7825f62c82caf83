"""The article2audio command line with the test engines of tests/cluster_engines.py added,
run as a real process (for the cluster tests that kill a worker): python cluster_cli.py ARGS."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from article2audio.cli import main  # noqa: E402
from cluster_engines import register_all  # noqa: E402

if __name__ == "__main__":
    register_all()
    main()
