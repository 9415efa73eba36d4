"""Prefect wiring around the plain functions in extractors/ and schemas/."""
