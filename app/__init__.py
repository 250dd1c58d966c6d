"""qbench-backup: a complete, trustworthy copy of a QBench LIMS tenant."""

__version__ = "0.1.0"
