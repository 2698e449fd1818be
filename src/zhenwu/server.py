"""The production server behind `zhenwu serve`: gunicorn with threaded workers (gthread).

The application is loaded once in the master and forked into the workers (copy-on-write memory); database
connections opened before the fork (the schema check) are closed so that no two processes share one. Each worker
runs its own background-job threads (the queue, SQLite or Redis, hands every job to one of them).
"""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


def _post_fork(server, worker) -> None:
    from django.db import connections

    connections.close_all()


def _post_worker_init(worker) -> None:
    from zhenwu.core import jobs

    jobs.start_workers()


def _worker_exit(server, worker) -> None:
    from zhenwu.core import jobs

    jobs.stop_workers(timeout=5)


class ZhenwuServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from zhenwu.wsgi import application

        return application


def bind_address(host: str, port: int) -> str:
    host = host.strip("[]")
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def options(host: str, port: int, workers: int, threads: int, timeout: int = 120) -> dict:
    return {
        "bind": [bind_address(host, port)],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": timeout,
        "graceful_timeout": 10,
        "keepalive": 30,  # longer than a person pauses between pages: fewer races with a closing connection
        # ample for a county's staff: each thread holds one connection at a time, the rest wait in the backlog
        "worker_connections": 1000,
        "backlog": 2048,
        "preload_app": True,
        "proc_name": "zhenwu",
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "post_fork": _post_fork,
        "post_worker_init": _post_worker_init,
        "worker_exit": _worker_exit,
    }


def run(host: str, port: int, workers: int, threads: int, timeout: int = 120) -> None:
    from django.db import connections

    connections.close_all()
    ZhenwuServer(options(host, port, workers, threads, timeout)).run()
