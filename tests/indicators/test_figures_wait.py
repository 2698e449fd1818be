"""A page that computed indicator figures never waits for a writer to keep them: while another connection holds
a write that changes figures (a long import), the figures are answered at once, correct, and not kept."""

import threading

from django.db import connection, transaction

from zhenwu.core.models import OrgUnit
from zhenwu.indicators import figures, services
from zhenwu.indicators.models import Figure, Indicator


def test_figures_are_answered_without_waiting_for_a_writer(demo_db):
    county = OrgUnit.objects.get(level="county")
    codes = list(Indicator.objects.filter(headline=True).values_list("code", flat=True))
    Figure.objects.all().delete()
    figures.epoch()  # the epoch row exists (as it does once anything has been read or written)
    holding, done = threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                figures.forget_all()  # bumps the epoch: holds its row (PostgreSQL), the write lock (SQLite)
                holding.set()
                done.wait(60)
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    assert holding.wait(30)
    try:
        answered = services.values_many(codes, [county], ["2023", "2022"])
        still_writing = thread.is_alive()
    finally:
        done.set()
        thread.join()
    assert still_writing, "the figures were answered only after the writer let go"
    assert not Figure.objects.exists(), "nothing is kept past a writer"
    assert answered == services.values_many(codes, [county], ["2023", "2022"])  # now computed and kept
    assert Figure.objects.filter(org=county).exists()
