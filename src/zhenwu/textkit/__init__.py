"""Pure-Python text kit: read reports, extract measured numbers, proof-read. No Django imports here."""
