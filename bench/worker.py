"""The project's Celery worker with the bench's stage probes (bench.probes).

python -m bench.worker worker -l warning
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench import probes
    from config.celery import app

    probes.install_worker()
    app.worker_main(sys.argv[1:] or ["worker", "-l", "warning"])


if __name__ == "__main__":
    main()
