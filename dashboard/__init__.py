"""Supervisor dashboards: what enforcement achieved, by period, area and officer.

The top floor: reads detection, dispatch and registry, and nothing imports it but the project's
settings and URLs. Its rollup models are caches of their facts (see models.py).
"""
