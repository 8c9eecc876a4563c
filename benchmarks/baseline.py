"""Load modules as they were at an earlier git revision, beside today's, so a benchmark can time the code before a
change and the code after it in the same run on the same data (``revision_modules``)."""

import subprocess
import sys
import types
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def revision_modules(revision, names):
    """Return ``{name: module}`` for the dotted module ``names`` (e.g. ``pay_guidance.wage_levels``) as they were
    at git ``revision``, each later one importing the earlier ones' old versions; ``None`` when git or the
    revision is not at hand. Today's modules are left as they are."""
    loaded = {}
    for name in names:
        try:
            source = subprocess.run(  # noqa: S603  fixed git command
                ["git", "show", f"{revision}:{name.replace('.', '/')}.py"],  # noqa: S607  git on PATH
                cwd=ROOT,
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
        package, _dot, short = name.rpartition(".")
        module = types.ModuleType(f"{package}._at_{revision}_{short}")
        module.__package__ = package
        module.__file__ = f"{revision}:{name}"
        with _substituted(loaded):
            exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102  our own code at a revision
        loaded[name] = module
    return loaded


@contextmanager
def _substituted(modules):
    # ``from . import x`` reads sys.modules and the package's attribute: point both at the old module meanwhile.
    saved = []
    for name, module in modules.items():
        package, _dot, short = name.rpartition(".")
        saved.append((name, sys.modules.get(name), sys.modules[package], short, getattr(sys.modules[package], short)))
        sys.modules[name] = module
        setattr(sys.modules[package], short, module)
    try:
        yield
    finally:
        for name, module, package, short, attribute in saved:
            sys.modules[name] = module
            setattr(package, short, attribute)
