from django.apps import AppConfig


class BudgetingConfig(AppConfig):
    name = "budgeting"
