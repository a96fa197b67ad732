"""constraints.txt (the lock) pins every requirement of pyproject.toml within its range."""

import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.infra.helpers import ROOT


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not pinned with =="
            found[canonicalize_name(name)] = version
    return found


def test_every_pyproject_requirement_is_pinned_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + [
        req for reqs in project.get("optional-dependencies", {}).values() for req in reqs
    ]
    locked = pins()
    problems = []
    for text in requirements:
        req = Requirement(text)
        version = locked.get(canonicalize_name(req.name))
        if version is None:
            problems.append(f"{req.name} is not in constraints.txt")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req.name}=={version} is outside {req.specifier}")
    assert not problems, "run `make lock`: " + "; ".join(problems)
