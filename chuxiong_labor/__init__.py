# Load the Celery application with Django, so that jobs started by the web servers reach the workers
# (Celery's "First steps with Django").
from .celery import app as celery_app

__all__ = ["celery_app"]
