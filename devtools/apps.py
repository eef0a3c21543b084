from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development-only commands (benchmarks). Installed when the folder is there: the production image leaves
    it out (.dockerignore), so `manage.py benchmark_*` does not exist in production."""

    name = "devtools"
    verbose_name = "Development tools"
