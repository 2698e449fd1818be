"""Pure-Python text kit: read reports, extract measured numbers, proof-read. No Django imports here."""

from .extract import Fact, extract
from .proofread import Defect, proofread

__all__ = ["Defect", "Fact", "extract", "proofread"]
