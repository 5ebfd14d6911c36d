"""The public surface: every name in ``strukturjournal.__all__`` imports, is documented with an
example, and no private name leaks; importing the package does not pull in test-only libraries."""

from __future__ import annotations

import subprocess
import sys

import strukturjournal


def test_all_names_import_and_are_public() -> None:
    for name in strukturjournal.__all__:
        assert hasattr(strukturjournal, name), name
        assert not name.startswith("_") or name == "__version__", name


def test_public_callables_have_docstrings_with_examples() -> None:
    missing = []
    for name in strukturjournal.__all__:
        obj = getattr(strukturjournal, name)
        if (callable(obj) and not isinstance(obj, type)) or (isinstance(obj, type) and not issubclass(obj, BaseException)):
            doc = obj.__doc__ or ""
            module_doc = sys.modules[obj.__module__].__doc__ or ""
            if ">>>" not in doc and ">>>" not in module_doc:
                missing.append(name)
    assert missing == []


def test_import_stays_light() -> None:
    code = "import strukturjournal, sys; print(sorted(m for m in ('hypothesis', 'pytest', 'mkdocs') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
