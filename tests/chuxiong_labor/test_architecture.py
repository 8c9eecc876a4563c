"""The kernel's layering, read from the imports of every module (docs/ARCHITECTURE.md, "Layers").

- ``chuxiong_labor/lib/`` is infrastructure: it imports nothing else from the kernel or the apps.
- ``chuxiong_labor/nominations/`` may import the kernel's top level and ``lib/``; the top level never imports it,
  except ``models.py`` (where Django collects the app's models) and ``urls.py`` (which mounts its notice pages).
- ``nominations/workflow.py`` is pure data and pure functions: it imports no models and no database code (only the
  kernel's refusal class).
- No ``models.py`` imports a ``services`` module.
- Every kernel module is named in docs/ARCHITECTURE.md.

Function-level imports count as much as module-level ones.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KERNEL = ROOT / "chuxiong_labor"
APPS = ("coordinators", "social_orgs", "mediation", "new_enterprises", "key_enterprises", "pay_guidance", "reporting")
COMPOSITION_ROOTS = {"chuxiong_labor.models", "chuxiong_labor.urls"}


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imported_modules(path):
    """Return the absolute names of every module ``path`` imports, at any depth of the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            found.add(prefix)
            # ``from package import module`` imports the module too.
            found.update(f"{prefix}.{alias.name}" for alias in node.names)
    return found


def kernel_modules(folder=KERNEL, *, recursive=True):
    pattern = "**/*.py" if recursive else "*.py"
    return [p for p in folder.glob(pattern) if "migrations" not in p.parts]


def project_imports(path):
    return {m for m in imported_modules(path) if m.split(".")[0] in ("chuxiong_labor", *APPS)}


@pytest.mark.parametrize("path", kernel_modules(KERNEL / "lib"), ids=lambda p: p.name)
def test_lib_imports_nothing_else_from_the_project(path):
    outside = {m for m in project_imports(path) if not m.startswith("chuxiong_labor.lib")}
    assert not outside, f"{path.relative_to(ROOT)} imports {sorted(outside)}"


TOP_LEVEL = [p for p in kernel_modules(KERNEL, recursive=False) if module_name(p) not in COMPOSITION_ROOTS]


@pytest.mark.parametrize("path", TOP_LEVEL, ids=lambda p: p.name)
def test_the_kernel_top_level_never_imports_the_nomination_layer(path):
    upward = {m for m in project_imports(path) if m.startswith("chuxiong_labor.nominations")}
    assert not upward, f"{path.relative_to(ROOT)} imports {sorted(upward)}"


@pytest.mark.parametrize("path", kernel_modules(KERNEL / "nominations"), ids=lambda p: p.name)
def test_the_nomination_layer_imports_only_the_kernel(path):
    apps = {m for m in project_imports(path) if m.split(".")[0] in APPS}
    assert not apps, f"{path.relative_to(ROOT)} imports the apps {sorted(apps)}"


def test_the_workflow_table_is_pure():
    imports = imported_modules(KERNEL / "nominations" / "workflow.py")
    # The refusal it raises is an exception class, and a date written out is a pure function: no database code.
    allowed = ("chuxiong_labor.lib.errors", "chuxiong_labor.lib.dates")
    impure = {m for m in imports if m.startswith("chuxiong_labor") and not m.startswith(allowed)}
    impure |= {m for m in imports if m.startswith(("django.db.transaction", "django.db.connection"))}
    assert not impure, f"workflow.py imports {sorted(impure)}"


def all_models_modules():
    paths = [ROOT / app / "models.py" for app in APPS if (ROOT / app / "models.py").exists()]
    return paths + [p for p in kernel_modules() if p.name == "models.py"]


@pytest.mark.parametrize("path", all_models_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_models_never_import_services(path):
    services = {m for m in project_imports(path) if m.rpartition(".")[2] == "services"}
    assert not services, f"{path.relative_to(ROOT)} imports {sorted(services)}"


def test_every_kernel_module_is_on_the_map():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = []
    for path in kernel_modules():
        if path.name == "__init__.py" or {"management", "templatetags"} & set(path.parts):
            continue
        relative = path.relative_to(KERNEL).as_posix()
        if relative not in text:
            missing.append(relative)
    assert not missing, f"docs/ARCHITECTURE.md does not name {missing}"
