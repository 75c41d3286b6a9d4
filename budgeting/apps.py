from django.apps import AppConfig


class BudgetingConfig(AppConfig):
    name = "budgeting"

    def ready(self) -> None:
        from budgeting import jobs
        from organisation.jobs import register

        register("sipd", jobs.run_sipd)
        register("realisasi", jobs.run_realisasi)
        register("rincian", jobs.run_rincian)
