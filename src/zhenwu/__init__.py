"""镇务 Zhenwu: the yearly work cycle of a grassroots government unit."""

__version__ = "0.1.0"
