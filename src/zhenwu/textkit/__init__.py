"""Pure-Python text kit for work reports: read documents, extract measured numbers, proof-read.

Nothing here imports Django, so the kit runs anywhere (CLI, workers, tests).
"""

from .extract import Fact, extract
from .proofread import Defect, proofread
from .readers import DocumentError, read_document

__all__ = ["Defect", "DocumentError", "Fact", "extract", "proofread", "read_document"]
