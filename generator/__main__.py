from .memory import tune_collector

# Before the command line's modules are imported: importing them at the interpreter's
# thresholds ran some twenty collections over objects that live as long as the process.
tune_collector()

from .cli import run  # noqa: E402

run()
