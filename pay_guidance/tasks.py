"""Annex 6's Celery tasks (``chuxiong_labor.celery``): warming the wage tables after their data changed."""

from celery import shared_task

from . import kept_tables


@shared_task(name="pay_guidance.warm_wage_tables", ignore_result=True)
def warm_wage_tables(year):
    """Compute and keep the wage tables of data year ``year`` (``kept_tables.warm``)."""
    kept_tables.warm(year)
