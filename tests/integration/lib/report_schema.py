#!/usr/bin/env python3
"""Checks debimg update reports against docs/update-report.schema.json
(python3-jsonschema, Draft 2020-12). Each argument is a JSON file, or
FILE:KEY for the report under KEY of a lock command's document. Prints each
violation and exits 1 when there is one.

usage: report_schema.py FILE[:KEY]..."""
import json
import pathlib
import sys

import jsonschema

SCHEMA = pathlib.Path(__file__).resolve().parents[3] / "docs" / "update-report.schema.json"


def main():
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for arg in sys.argv[1:]:
        path, _, key = arg.partition(":")
        document = json.load(open(path))
        report = document[key] if key else document
        for error in validator.iter_errors(report):
            bad += 1
            print(f"{arg}: {'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
