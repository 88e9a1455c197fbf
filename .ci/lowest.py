"""Print a pip constraints file that pins every runtime dependency of pyproject.toml to the lowest version it
declares (`name>=X` gives `name==X`), so CI can test what a user with the oldest allowed versions gets."""

import re
import sys
import tomllib

with open(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml", "rb") as file:
    project = tomllib.load(file)["project"]
for requirement in project["dependencies"]:
    match = re.match(r"\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*[^;]*?>=\s*([^,;\s]+)", requirement)
    if match is None:
        sys.exit(f"{requirement!r} declares no lower bound (name>=version): CI cannot test its oldest version")
    print(f"{match.group(1)}=={match.group(2)}")
