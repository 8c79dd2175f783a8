"""Supervisor dashboards: what enforcement achieved, by period, area and officer.

The top of the house: may import detection, dispatch and registry; nothing imports it but
nforce's URLs and app config. Rollup models live in nforce.models (they reference only the base).
"""
