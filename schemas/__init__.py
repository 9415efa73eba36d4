"""The dataset's schema, its validation suite, and how it is published. Plain Python, no Prefect."""
