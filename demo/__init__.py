"""The demo pemda, Kabupaten Sukamaju: one builder per app (organisation, reference, planning, budgeting) and the
reference subset it uses (`demo/fixtures/`), loaded by `manage.py load_demo`. Imported by nothing of the product."""
