"""Imports the learner's file and tries twice(); exit 0 when right."""
import importlib.util
import sys

spec = importlib.util.spec_from_file_location("learner", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
got = module.twice(21)
if got == 42:
    print("twice(21) is 42")
    sys.exit(0)
print(f"twice(21) should be 42, got {got}")
sys.exit(1)
