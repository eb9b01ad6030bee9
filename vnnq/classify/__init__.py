"""Unit and task classification (issue 3): not built yet.

The scorer's abbreviation expansion lives in :mod:`vnnq.evaluate` for now.
"""
