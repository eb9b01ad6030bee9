"""Build hook: the wheel carries the shipped models as ``vnnq/models/*.json``.

The models stay at the top of the repository (``models/``, where ``vnnq train``
writes them and where an editable install reads them); only the built package
gets a copy, so an installed wheel needs no checkout.  Everything else is in
pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

MODELS = Path(__file__).resolve().parent / "models"


class build_py_with_models(build_py):
    """``build_py`` plus ``models/*.json`` → ``<build>/vnnq/models/``."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the source tree's models/ (vnnq.classify.default_models_dir)
        models = sorted(MODELS.glob("*.json"))
        if not models:
            # a wheel without its models would silently fall back to the keyword rules
            raise SystemExit(f"no models/*.json beside setup.py ({MODELS}); run `vnnq train` first")
        target = Path(self.build_lib) / "vnnq" / "models"
        self.mkpath(str(target))
        for m in models:
            self.copy_file(str(m), str(target / m.name))

    def get_outputs(self, include_bytecode=True):
        out = super().get_outputs(include_bytecode)
        if not getattr(self, "editable_mode", False):
            out += [str(Path(self.build_lib) / "vnnq" / "models" / m.name) for m in sorted(MODELS.glob("*.json"))]
        return out


setup(cmdclass={"build_py": build_py_with_models})
